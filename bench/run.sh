#!/usr/bin/env bash
# `make bench`: mocua (SQLite) against nginx serving a fixed 200, measured with wrk in the same run on
# the same machine, then the micro-benchmarks. Prints requests/s, p99 latency and the ratio to nginx.
# Figures are printed, never asserted: see docs/performance.md for what they mean.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
duration=${BENCH_DURATION:-10s}
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

declare -A rps p99
run() {
  local name=$1 url=$2 out
  out=$(wrk -t "$threads" -c "$connections" -d "$duration" --latency "$url")
  rps[$name]=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99[$name]=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then echo "bench: $name answered errors:"; echo "$out"; fi
}

echo "wrk: $threads threads, $connections connections, $duration per target, $(nproc) cores"
run nginx "http://127.0.0.1:$nginx_port/"
run healthz "http://127.0.0.1:$mocua_port/healthz"
run site "http://127.0.0.1:$mocua_port/api/v1/site"

printf '\n%-42s %12s %10s %14s\n' "target" "requests/s" "p99" "ratio to nginx"
for name in nginx healthz site; do
  case $name in
    nginx) label="nginx fixed 200" ;;
    healthz) label="mocua GET /healthz (no database)" ;;
    site) label="mocua GET /api/v1/site (one SQLite row)" ;;
  esac
  ratio=$(awk -v a="${rps[$name]}" -v b="${rps[nginx]}" 'BEGIN { printf "%.2f", a / b }')
  printf '%-42s %12s %10s %14s\n' "$label" "${rps[$name]}" "${p99[$name]}" "${ratio}x"
done
target=$(awk -v a="${rps[site]}" -v b="${rps[nginx]}" 'BEGIN { print (a / b >= 0.5) ? "met" : "NOT met" }')
echo "target (database route >= 0.5x nginx): $target"

echo
echo "micro-benchmarks:"
"$build/bench/micro_bench" --benchmark_min_time=0.2
