#!/usr/bin/env bash
# `make bench`: mocua (SQLite) against nginx serving a fixed 200, measured with wrk in the same run on
# the same machine, then the micro-benchmarks. Prints requests/s, p99 latency and the ratio to nginx.
# Figures are printed, never asserted: see docs/performance.md for what they mean.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
duration=${BENCH_DURATION:-5s}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}

work=$(mktemp -d /tmp/mocua-bench.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_http() {
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "bench: $1 did not come up" >&2
  return 1
}

# nginx: a generated config serving a fixed 200 on loopback, one worker per core.
nginx_port=$(free_port)
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log $work/nginx/logs/access.log;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  server {
    listen 127.0.0.1:$nginx_port;
    location / { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=($!)

# mocua on SQLite with the demo town, access log on (to a file), as in production.
mocua_port=$(free_port)
"$build/mocua" seed-demo --data-dir "$work/data" >/dev/null
MOCUA_LOG_LEVEL=info "$build/mocua" serve --data-dir "$work/data" --listen "127.0.0.1:$mocua_port" \
  >"$work/mocua.out" 2>"$work/mocua.log" &
pids+=($!)

wait_http "http://127.0.0.1:$nginx_port/"
wait_http "http://127.0.0.1:$mocua_port/readyz"

# Each target runs ROUNDS times, interleaved (nginx, healthz, site, nginx, …), and the median is
# reported: on a shared 2-core machine the speed drifts over a minute, and interleaving exposes every
# target to the same drift.
rounds=${BENCH_ROUNDS:-3}
declare -A runs_rps runs_p99
run() {
  local name=$1 url=$2 out
  out=$(wrk -t "$threads" -c "$connections" -d "$duration" --latency "$url")
  runs_rps[$name]+="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out") "
  runs_p99[$name]+="$(awk '$1 == "99%" {print $2}' <<<"$out") "
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: $name answered errors:"; echo "$out"; fi
}
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
median_latency() {  # wrk prints 1.23ms / 950.00us / 1.02s: compare in microseconds, print as given
  tr ' ' '\n' <<<"$1" | grep -v '^$' | awk '{v=$1; u=v; sub(/[a-z]+$/,"",v); if (u ~ /ms$/) v*=1000; else if (u ~ /s$/ && u !~ /us$/) v*=1000000; print v, u}' \
    | sort -g | awk '{l[NR]=$2} END {print l[int((NR+1)/2)]}'
}

echo "wrk: $threads threads, $connections connections, $duration per run, $rounds interleaved rounds, $(nproc) cores"
for ((r = 1; r <= rounds; r++)); do
  run nginx "http://127.0.0.1:$nginx_port/"
  run healthz "http://127.0.0.1:$mocua_port/healthz"
  run site "http://127.0.0.1:$mocua_port/api/v1/site"
done

declare -A rps p99
for name in nginx healthz site; do
  rps[$name]=$(median "${runs_rps[$name]}")
  p99[$name]=$(median_latency "${runs_p99[$name]}")
done
printf '\n%-42s %12s %10s %14s   %s\n' "target (median of rounds)" "requests/s" "p99" "ratio to nginx" "all rounds (req/s)"
for name in nginx healthz site; do
  case $name in
    nginx) label="nginx fixed 200" ;;
    healthz) label="mocua GET /healthz (no database)" ;;
    site) label="mocua GET /api/v1/site (one SQLite row)" ;;
  esac
  ratio=$(awk -v a="${rps[$name]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.2f", a / b }')
  printf '%-42s %12s %10s %14s   %s\n' "$label" "${rps[$name]}" "${p99[$name]}" "${ratio}x" "${runs_rps[$name]}"
done
target=$(awk -v a="${rps[site]}" -v b="${rps[nginx]}" 'BEGIN { print (a / b >= 0.5) ? "met" : "NOT met" }')
echo "target (database route >= 0.5x nginx): $target"

echo
echo "micro-benchmarks:"
"$build/bench/micro_bench" --benchmark_min_time=0.2
