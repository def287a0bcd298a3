#!/usr/bin/env bash
# A throw-away SMTP sink for tests (tools/smtp_sink.py, on Debian's python3-aiosmtpd): listens on
# 127.0.0.1 at a free port and writes every message it receives to a temporary folder that `stop`
# removes.
#
#   eval "$(tools/smtp-sink.sh start)"   # exports MOCUA_SMTP_SINK_DIR, MOCUA_TEST_SMTP_URL, MOCUA_TEST_SMTP_DIR
#   eval "$(tools/smtp-sink.sh start DIR)"   # the same, writing the messages to DIR (kept by `stop`)
#   tools/smtp-sink.sh stop "$MOCUA_SMTP_SINK_DIR"
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/mocua-smtp.XXXXXX)
    mail=${2:-$dir/mail}
    mkdir -p "$mail"
    mail=$(cd "$mail" && pwd)
    mkfifo "$dir/ready"
    /usr/bin/python3 "$here/smtp_sink.py" "$mail" "$dir/ready" >"$dir/sink.log" 2>&1 &
    echo $! >"$dir/pid"
    # The sink writes its port to the FIFO once it accepts connections; opened read-write so the
    # read does not block on open, and bounded in case the sink dies before writing.
    port=""
    read -r -t 60 port <>"$dir/ready" || true
    if [[ -z $port ]]; then
      echo "smtp-sink.sh: the sink did not start" >&2
      cat "$dir/sink.log" >&2
      kill "$(cat "$dir/pid")" 2>/dev/null || true
      exit 1
    fi
    echo "export MOCUA_SMTP_SINK_DIR='$dir'"
    echo "export MOCUA_TEST_SMTP_URL='smtp://127.0.0.1:$port'"
    echo "export MOCUA_TEST_SMTP_DIR='$mail'"
    ;;
  stop)
    dir=${2:?usage: smtp-sink.sh stop DIR}
    [[ -f $dir/pid ]] || exit 0
    pid=$(cat "$dir/pid")
    kill "$pid" 2>/dev/null || true
    # Wait for it to exit, so the port is free and nothing writes into the folder we remove.
    while kill -0 "$pid" 2>/dev/null; do read -r -t 0.05 <> <(:) || true; done
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
