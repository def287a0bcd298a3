#!/usr/bin/env bash
# `make test`: runs every test registered with CTest (unit tests, repository and integration tests on
# SQLite and on a throw-away PostgreSQL cluster, the virus-scanner tests on a throw-away clamd, mail
# through a local SMTP sink, the layer and OpenAPI checks, browser checks), then prints one closing
# line "N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

eval "$(tools/postgres.sh start)"
trap 'tools/postgres.sh stop "$MOCUA_PG_DIR"' EXIT
export MOCUA_TEST_PG_URL MOCUA_TEST_REQUIRE_PG=1
# A private clamd on a Unix socket with a local signature set (tools/clamd.sh), for the scanner tests,
# and the SMTP sink the mail tests send to (tools/smtp-sink.sh); all stopped on exit.
eval "$(tools/clamd.sh start)"
eval "$(tools/smtp-sink.sh start)"
trap 'tools/smtp-sink.sh stop "$MOCUA_SMTP_SINK_DIR"; tools/clamd.sh stop "$MOCUA_CLAMD_DIR"; tools/postgres.sh stop "$MOCUA_PG_DIR"' EXIT
export MOCUA_TEST_CLAMD_SOCKET MOCUA_TEST_REQUIRE_CLAMD=1
export MOCUA_TEST_SMTP_URL MOCUA_TEST_SMTP_DIR

junit="$build/ctest-junit.xml"
rm -f "$junit"
status=0
ctest --test-dir "$build" -j 2 --output-on-failure --timeout 600 --output-junit "$(realpath "$build")/ctest-junit.xml" \
  || status=$?

if [[ ! -f $junit ]]; then
  echo "0 passed, 1 failed"
  exit 1
fi
suite=$(tr '\n\t' '  ' <"$junit" | grep -o '<testsuite [^>]*')
count() { grep -o " $1=\"[0-9]*\"" <<<"$suite" | grep -o '[0-9]*' || echo 0; }
total=$(count tests)
failed=$(count failures)
skipped=$(count skipped)
passed=$((total - failed - skipped))
echo
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
if ((failed > 0 || status != 0)); then exit 1; fi
