#!/usr/bin/env bash
# Behaviour under overload (issue 11; docs/adr/0102-rate-limits-and-load-shedding.md), called by
# `make bench` (bench/run.sh) or alone: bench/overload.sh [BUILD_DIR].
#
# 1. Capacity: wrk with 64 connections on one database route (GET /api/v1/site), rate limits off.
# 2. A flood for OVERLOAD_DURATION (30 s) with OVERLOAD_CONNECTIONS (1024) connections, rate limits
#    off: past limits.max_in_flight (512) the server sheds with 503.
# 3. The same with rate limits on (the defaults): wrk is one client address, so most answers are 429.
# wrk is closed-loop (a connection sends its next request when the last is answered) and no
# open-loop generator (wrk2) is packaged in Debian, so "twice the capacity" is offered as 16 times the
# connections of the capacity run: the server is asked for far more than it can serve and answers what
# it can. On a 2-core machine wrk takes a core too, so capacity is measured under the same handicap.
# For each run: served requests/s, the share of 2xx/429/503/other (from the server's /metrics),
# p50/p99 latency, socket errors, and the server's RSS (from /proc) before, the highest during, and
# after; then a normal run after the flood, compared with the capacity run. Figures and ratios are
# printed, never asserted.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
duration=${OVERLOAD_DURATION:-30s}
capacity_duration=${OVERLOAD_CAPACITY_DURATION:-10s}
connections=${OVERLOAD_CONNECTIONS:-1024}
path=${OVERLOAD_PATH:-/api/v1/site}

work=$(mktemp -d /tmp/mocua-overload.XXXXXX)
server_pid=""
sampler_pid=""
cleanup() {
  [[ -n $sampler_pid ]] && kill "$sampler_pid" 2>/dev/null || true
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

"$build/mocua" seed-demo --data-dir "$work/data" >/dev/null

# Starts mocua; "off" as $1 switches the rate limits off (the server logs a warning).
start() {
  port=$(free_port)
  local env=()
  [[ $1 == off ]] && env=(MOCUA_RATE_LIMITS=off)
  env "${env[@]}" MOCUA_LOG_ACCESS_LOG=false "$build/mocua" serve --data-dir "$work/data" \
    --listen "127.0.0.1:$port" >"$work/mocua-$1.out" 2>"$work/mocua-$1.log" &
  server_pid=$!
  for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0; sleep 0.1; done
  echo "overload: mocua did not come up" >&2
  return 1
}
stop() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
# Samples the server's RSS every 200 ms into $work/rss until killed.
sample_rss() {
  : >"$work/rss"
  (while kill -0 "$server_pid" 2>/dev/null; do rss_kib "$server_pid" >>"$work/rss" || true; sleep 0.2; done) &
  sampler_pid=$!
}
stop_sampling() {
  kill "$sampler_pid" 2>/dev/null || true
  wait "$sampler_pid" 2>/dev/null || true
  sampler_pid=""
}
# Answers by status since the server started, from its own metrics (every route but /metrics):
# "2xx 429 503 other". wrk only counts "non-2xx", and a Lua response() hook would slow wrk itself.
statuses() {
  curl -fsS "http://127.0.0.1:$port/metrics" | awk '
    /^mocua_http_requests_total\{/ && !/route="\/metrics"/ {
      match($0, /status="[^"]*"/); s = substr($0, RSTART + 8, RLENGTH - 9); n = $NF
      if (s ~ /^2/) ok += n; else if (s == "429") lim += n; else if (s == "503") shed += n; else other += n
    }
    END { printf "%d %d %d %d\n", ok, lim, shed, other }'
}
report() {  # label 2xx 429 503 other p50us p99us errors requests/s
  local label=$1 ok=$2 limited=$3 shed=$4 other=$5 p50=$6 p99=$7 errors=$8 rps=$9
  local total=$((ok + limited + shed + other))
  ((total > 0)) || total=1
  share() { awk -v a="$1" -v t="$total" 'BEGIN { printf "%.1f%%", 100 * a / t }'; }
  printf '%-30s %9s %7s %7s %7s %7s %9.2f %9.2f %7s\n' "$label" "$rps" "$(share "$ok")" "$(share "$limited")" \
    "$(share "$shed")" "$(share "$other")" "$(awk -v v="$p50" 'BEGIN{print v/1000}')" \
    "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$errors"
}

echo "overload: GET $path, $(nproc) cores; capacity with 64 connections for $capacity_duration, then a flood of $connections connections for $duration"

# 1. Capacity, rate limits off.
start off
grep -q "MOCUA_RATE_LIMITS=off" "$work/mocua-off.log" && echo "(the server logged the MOCUA_RATE_LIMITS=off warning)"
capacity=$(wrk -t 2 -c 64 -d "$capacity_duration" "http://127.0.0.1:$port$path" | awk '/^Requests\/sec:/ {printf "%d", $2}')
echo "capacity: $capacity requests/s at 64 connections"
printf '\n%-30s %9s %7s %7s %7s %7s %9s %9s %7s\n' "run" "served/s" "2xx" "429" "503" "other" "p50 ms" "p99 ms" "sockerr"

flood() {  # mode (off|on)
  local mode=$1 before peak after out
  before=$(rss_kib "$server_pid")
  read -r b_ok b_lim b_shed b_other < <(statuses)
  sample_rss
  out=$(wrk -t 2 -c "$connections" -d "$duration" -s bench/percentiles.lua "http://127.0.0.1:$port$path")
  stop_sampling
  read -r a_ok a_lim a_shed a_other < <(statuses)
  peak=$(sort -n "$work/rss" | tail -n 1)
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' <<<"$out")
  read -r _ p50 _ p99 < <(grep '^LATENCY' <<<"$out")
  errors=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  report "flood, rate limits $mode" $((a_ok - b_ok)) $((a_lim - b_lim)) $((a_shed - b_shed)) \
    $((a_other - b_other)) "$p50" "$p99" "${errors:-0}" "$rps"
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/healthz")
  after=$(rss_kib "$server_pid")
  echo "    RSS before ${before} KiB, highest during ${peak} KiB ($(awk -v a="$peak" -v b="$before" 'BEGIN{printf "%.2f", a/b}')x), after ${after} KiB; /healthz after: $status"
}

flood off
# Normal service after the flood: the same wrk as the capacity run.
after_rps=$(wrk -t 2 -c 64 -d "$capacity_duration" --latency "http://127.0.0.1:$port$path" | awk '/^Requests\/sec:/ {printf "%d", $2}')
echo "    after the flood: $after_rps requests/s at 64 connections ($(awk -v a="$after_rps" -v b="$capacity" 'BEGIN{printf "%.2f", a/b}')x the capacity run)"
stop

start on
flood on
# With limits on, the flooding address is refused for a while; another client is not: wrk's address
# is 127.0.0.1, curl comes from 127.0.0.2.
status=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "http://127.0.0.1:$port$path")
echo "    another address right after the flood: $status"
stop
