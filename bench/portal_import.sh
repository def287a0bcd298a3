#!/usr/bin/env bash
# The national-portal import on SQLite (issue 7's target: at least 10,000 dossiers/s): the demo town, then
# `mocua import dossiers` of N generated lines (bench/portal_lines.py, default 10,000) into the empty
# database, the same file again (every line unchanged), and `mocua export dossiers` of them all. Prints
# dossiers/s for each; never asserts (a shared machine's speed drifts; docs/performance.md).
# Usage: bench/portal_import.sh [BUILD_DIR] (also run at the end of bench/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(realpath "${1:-build}")
count=${BENCH_PORTAL_LINES:-10000}
work=$(mktemp -d /tmp/mocua-portal-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$build/mocua" seed-demo --data-dir "$work/data" >/dev/null 2>&1
python3 bench/portal_lines.py "$count" >"$work/dossiers.jsonl"

now() { date +%s.%N; }
rate() { python3 -c "import sys; n,a,b=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]); print('%d dossiers in %.2f s = %.0f dossiers/s' % (n, b-a, n/(b-a)))" "$@"; }

t0=$(now)
"$build/mocua" import dossiers "$work/dossiers.jsonl" --data-dir "$work/data" >"$work/import1.out" 2>"$work/import1.err"
t1=$(now)
"$build/mocua" import dossiers "$work/dossiers.jsonl" --data-dir "$work/data" >"$work/import2.out" 2>"$work/import2.err"
t2=$(now)
"$build/mocua" export dossiers --from 2025-07-01 --to 2026-12-31 --out "$work/export.jsonl" --data-dir "$work/data" \
  2>"$work/export.err"
t3=$(now)

echo "portal import (SQLite, $(wc -c <"$work/dossiers.jsonl") bytes, whole command incl. start-up):"
echo "  first import:  $(rate "$count" "$t0" "$t1")"
echo "    $(cat "$work/import1.out")"
echo "  same again:    $(rate "$count" "$t1" "$t2")"
echo "    $(cat "$work/import2.out")"
echo "  export:        $(rate "$count" "$t2" "$t3") ($(wc -l <"$work/export.jsonl") lines)"
