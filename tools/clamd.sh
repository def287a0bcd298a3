#!/usr/bin/env bash
# A throw-away clamd for tests: a Unix socket in a temporary folder (nothing listens on the network), a
# small local signature set written here (no freshclam, no network), removed by `stop`.
#
#   eval "$(tools/clamd.sh start)"   # exports MOCUA_CLAMD_DIR and MOCUA_TEST_CLAMD_SOCKET
#   tools/clamd.sh stop "$MOCUA_CLAMD_DIR"
#
# Signatures (every name gets ClamAV's ".UNOFFICIAL" suffix, as for any local database):
#   Mocua.Test.EICAR      body signature (.ndb, any file type, any offset) of the 68-byte EICAR test
#                         file, so it is found alone or inside a larger stream
#   Mocua.Test.clam.exe   SHA-256 hash signature (.hsb) of clam.exe from Debian's clamav-testfiles;
#                         the package's archives (clam.zip, clam.tar.gz …) hold that file, so they
#                         are found too once clamd unpacks them
# StreamMaxLength is 4 MiB, small enough for the size-limit test to be cheap.
set -euo pipefail

testfiles=/usr/share/clamav-testfiles

case "${1:-}" in
  start)
    clamd=$(command -v clamd || echo /usr/sbin/clamd)
    [[ -x $clamd ]] || { echo "clamd.sh: clamd not found (make deps installs clamav-daemon)" >&2; exit 1; }
    [[ -f $testfiles/clam.exe ]] || { echo "clamd.sh: $testfiles missing (make deps installs clamav-testfiles)" >&2; exit 1; }
    dir=$(mktemp -d /tmp/mocua-clamd.XXXXXX)
    mkdir "$dir/db" "$dir/tmp"
    # The EICAR test file as published (eicar.org), written as hex so no shell quoting can alter it.
    eicar_hex=58354f2150254041505b345c505a58353428505e2937434329377d2445494341522d5354414e444152442d414e544956495255532d544553542d46494c452124482b482a
    echo "Mocua.Test.EICAR:0:*:$eicar_hex" >"$dir/db/mocua-test.ndb"
    read -r sum _ < <(sha256sum "$testfiles/clam.exe")
    echo "$sum:$(stat -c %s "$testfiles/clam.exe"):Mocua.Test.clam.exe" >"$dir/db/mocua-test.hsb"
    # clamd runs as whoever starts it (no User line): as root in CI, as the developer otherwise; the
    # socket is private to that user (mode 600) in a folder only it can enter.
    chmod 700 "$dir"
    cat >"$dir/clamd.conf" <<CONF
LocalSocket $dir/clamd.sock
LocalSocketMode 600
FixStaleSocket yes
PidFile $dir/clamd.pid
DatabaseDirectory $dir/db
TemporaryDirectory $dir/tmp
LogFile $dir/clamd.log
LogTime yes
Foreground no
MaxThreads 4
StreamMaxLength 4M
SelfCheck 0
Bytecode no
CONF
    # Without Foreground, clamd's parent process returns only once the daemon listens (or failed).
    "$clamd" --config-file="$dir/clamd.conf" >"$dir/start.log" 2>&1 \
      || { cat "$dir/start.log" "$dir/clamd.log" >&2 2>/dev/null; rm -rf "$dir"; exit 1; }
    # Check that it answers PING: bounded attempts, each waiting up to 5 s on the socket itself.
    for _ in 1 2 3; do
      if python3 - "$dir/clamd.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
try:
    s.connect(sys.argv[1])
    s.sendall(b"zPING\0")
    sys.exit(0 if s.recv(16) == b"PONG\0" else 1)
except OSError:
    sys.exit(1)
PY
      then
        echo "export MOCUA_CLAMD_DIR='$dir'"
        echo "export MOCUA_TEST_CLAMD_SOCKET='$dir/clamd.sock'"
        exit 0
      fi
    done
    echo "clamd.sh: clamd does not answer PING on $dir/clamd.sock" >&2
    cat "$dir/clamd.log" >&2 || true
    [[ -f $dir/clamd.pid ]] && kill "$(cat "$dir/clamd.pid")" 2>/dev/null || true
    rm -rf "$dir"
    exit 1
    ;;
  stop)
    dir=${2:?usage: clamd.sh stop DIR}
    [[ -d $dir ]] || exit 0
    if [[ -f $dir/clamd.pid ]]; then
      pid=$(cat "$dir/clamd.pid")
      if kill "$pid" 2>/dev/null; then
        # Wait for the daemon to exit (it is not our child, so `wait` cannot be used): tail ends when
        # the process does.
        tail --pid="$pid" -f /dev/null
      fi
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
