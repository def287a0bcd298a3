#!/usr/bin/env bash
# Decision 766 at scale on SQLite (issue 10; docs/performance.md): a synthetic province
# (bench/gen_province.py) imported with `mocua import dossiers`, projected with `mocua kpi refresh`, and
# GET /api/v1/kpi/766 for the last full month of the data, the whole province, measured with wrk at one
# connection (p50/p95/p99). Prints figures and, with two query sizes, the ratio of their p95; never asserts
# (a shared machine's speed drifts). Targets: import of 1,000,000 dossiers ≤ 5 min; query p95 ≤ 50 ms and
# p95(10 M) / p95(100 k) ≤ 1.5.
# Usage: bench/kpi766.sh [BUILD_DIR]
#   BENCH_KPI_IMPORT=1000000    dossiers for the import measurement (0: skip)
#   BENCH_KPI_SIZES="100000"    dataset sizes for the query measurement (`make bench-large`: "100000 10000000")
#   BENCH_DURATION=5s           wrk duration per query run
#   BENCH_SQLITE_CACHE_MIB=     [database] sqlite_cache_mib for the import and the refresh only (the
#                               server keeps the default); `make bench-large` sets 2048 for 10 M
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
import_n=${BENCH_KPI_IMPORT:-1000000}
sizes=${BENCH_KPI_SIZES:-100000}
duration=${BENCH_DURATION:-5s}
work=$(mktemp -d /tmp/mocua-kpi-bench.XXXXXX)
load_config=()
if [[ -n ${BENCH_SQLITE_CACHE_MIB:-} ]]; then
  printf '[database]\nsqlite_cache_mib = %s\n' "$BENCH_SQLITE_CACHE_MIB" >"$work/load.toml"
  load_config=(--config "$work/load.toml")
fi
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# A fresh demo installation with N generated dossiers imported and projected; prints the timings.
load() {
  local n=$1 dir=$2
  "$build/mocua" seed-demo --data-dir "$dir" >/dev/null 2>&1
  python3 bench/gen_province.py "$n" --out "$work/dossiers-$n.jsonl"
  local t0 t1 t2
  t0=$(now)
  "$build/mocua" import dossiers "$work/dossiers-$n.jsonl" --data-dir "$dir" "${load_config[@]}" >"$work/import-$n.out" 2>"$work/import-$n.err" ||
    { echo "bench: import of $n failed:"; tail -5 "$work/import-$n.err"; return 1; }
  t1=$(now)
  "$build/mocua" kpi refresh --data-dir "$dir" "${load_config[@]}" >"$work/refresh-$n.out" 2>/dev/null
  t2=$(now)
  rm -f "$work/dossiers-$n.jsonl"
  echo "  $n dossiers: import $(secs "$t0" "$t1") s ($(awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / (b - a) }') dossiers/s), kpi refresh $(secs "$t1" "$t2") s"
  echo "    $(cat "$work/import-$n.out")"
  echo "    $(cat "$work/refresh-$n.out")"
}

if ((import_n > 0)); then
  echo "Decision 766: import of $import_n generated dossiers (SQLite, whole command incl. start-up; target <= 300 s):"
  load "$import_n" "$work/import-data"
  rm -rf "$work/import-data"
fi

declare -A p95s
echo
echo "Decision 766: GET /api/v1/kpi/766, last full month of the data, whole province, 1 connection, $duration:"
for n in $sizes; do
  dir="$work/q-$n"
  load "$n" "$dir"
  token=$("$build/mocua" token create --data-dir "$dir" --email leader@phuongquangtri.example --label bench 2>/dev/null | tail -n 1)
  port=$(free_port)
  # Rate limits off: one connection asking as fast as it can is the measurement, not an abuse.
  MOCUA_RATE_LIMITS=off "$build/mocua" serve --data-dir "$dir" --listen "127.0.0.1:$port" >"$work/serve-$n.out" 2>"$work/serve-$n.log" &
  pids+=($!)
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && break; sleep 0.1; done
  url="http://127.0.0.1:$port/api/v1/kpi/766?from=2026-10-01&to=2026-10-31"
  status=$(curl -s -o "$work/report-$n.json" -w '%{http_code}' -H "Authorization: Bearer $token" "$url")
  [[ $status == 200 ]] || { echo "bench: the report answered $status"; cat "$work/report-$n.json"; }
  read -r _ a b c < <(wrk -t 1 -c 1 -d "$duration" -H "Authorization: Bearer $token" -s bench/percentiles.lua "$url" | grep '^LATENCY')
  p95s[$n]=$b
  printf '  %10s dossiers: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms (2.1 = %s)\n' "$n" "$(awk -v v="$a" 'BEGIN{print v/1000}')" \
    "$(awk -v v="$b" 'BEGIN{print v/1000}')" "$(awk -v v="$c" 'BEGIN{print v/1000}')" \
    "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["indicators"]["2.1"]["value"])' "$work/report-$n.json")"
  kill "${pids[-1]}" 2>/dev/null || true
  rm -rf "$dir"
done
set -- $sizes
if (($# >= 2)); then
  first=$1 last=${!#}
  echo "  p95 ratio $last / $first: $(awk -v a="${p95s[$last]}" -v b="${p95s[$first]}" 'BEGIN { printf "%.2f", a / b }') (target <= 1.5)"
fi
