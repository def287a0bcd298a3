#!/usr/bin/env bash
# `make soak`: the crash-durability loop (tests/durability/kill_loop.py) at full length: 1,000 SIGKILL
# cycles per engine, on SQLite and on a throw-away PostgreSQL cluster with data checksums, with the private
# clamd the uploads are scanned by. MOCUA_SOAK_CYCLES overrides the count. About 20 min (SQLite) and 45 min
# (PostgreSQL) on 2 idle cores, from the per-kill times of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
eval "$(tools/postgres.sh start)"
trap 'tools/postgres.sh stop "$MOCUA_PG_DIR"' EXIT
eval "$(tools/clamd.sh start)"
trap 'tools/clamd.sh stop "$MOCUA_CLAMD_DIR"; tools/postgres.sh stop "$MOCUA_PG_DIR"' EXIT
export MOCUA_TEST_PG_URL MOCUA_TEST_REQUIRE_PG=1 MOCUA_TEST_CLAMD_SOCKET MOCUA_TEST_REQUIRE_CLAMD=1
python3 tests/durability/kill_loop.py "$build/mocua" --cycles "${MOCUA_SOAK_CYCLES:-1000}"
