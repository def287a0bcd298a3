#!/usr/bin/env bash
# `make demo`: the demo town on SQLite in ./demo-data, served at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${MOCUA_DEMO_DIR:-demo-data}
listen=${MOCUA_DEMO_LISTEN:-127.0.0.1:8080}
"$build/mocua" seed-demo --data-dir "$data"
echo
echo "Serving the demo town at http://$listen  (Ctrl+C stops it; data stays in ./$data)"
exec "$build/mocua" serve --data-dir "$data" --listen "$listen"
