#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests and benchmarks: Unix socket only (nothing listens on the
# network), trust authentication, in a temporary folder that `stop` removes.
#
#   eval "$(tools/postgres.sh start)"   # exports MOCUA_PG_DIR and MOCUA_TEST_PG_URL
#   tools/postgres.sh stop "$MOCUA_PG_DIR"
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [[ -x $d/initdb ]] && { echo "$d"; return; }; done
  echo "postgres.sh: PostgreSQL server binaries not found (make deps installs them)" >&2
  exit 1
}

as_owner() {
  # initdb refuses to run as root: use the postgres system user then.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/mocua-pg.XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U mocua -E UTF8 --locale=C.UTF-8 --data-checksums >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-k $dir -c listen_addresses='' -c fsync=off -c max_connections=300 -c shared_buffers=64MB" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bin/createdb" -h "$dir" -U mocua mocua
    echo "export MOCUA_PG_DIR='$dir'"
    echo "export MOCUA_TEST_PG_URL='postgresql://mocua@/mocua?host=$dir'"
    ;;
  stop)
    dir=${2:?usage: postgres.sh stop DIR}
    [[ -d $dir/data ]] || exit 0
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
