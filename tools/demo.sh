#!/usr/bin/env bash
# `make demo`: the demo town on SQLite in ./demo-data, served at http://127.0.0.1:8080.
#
# So that a citizen can apply online with uploads and see the e-mails it sends, the demo also starts,
# on this machine only: a private clamd on a Unix socket with a small local signature set (EICAR and
# Debian's test files; tools/clamd.sh — production uses Debian's clamav-daemon with freshclam), and an
# SMTP sink that writes every mail to ./demo-data/mail/ (tools/smtp-sink.sh). Both stop with the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
data=${MOCUA_DEMO_DIR:-demo-data}
listen=${MOCUA_DEMO_LISTEN:-127.0.0.1:8080}
"$build/mocua" seed-demo --data-dir "$data"

eval "$(tools/clamd.sh start)"
eval "$(tools/smtp-sink.sh start "$data/mail")"
stop_helpers() {
  tools/smtp-sink.sh stop "$MOCUA_SMTP_SINK_DIR"
  tools/clamd.sh stop "$MOCUA_CLAMD_DIR"
}
trap stop_helpers EXIT

export MOCUA_SCANNER_SOCKET="$MOCUA_TEST_CLAMD_SOCKET"
export MOCUA_MAIL_ENABLED=true MOCUA_MAIL_URL="$MOCUA_TEST_SMTP_URL" MOCUA_MAIL_STARTTLS=false
export MOCUA_MAIL_FROM=mot-cua@phuongquangtri.example MOCUA_MAIL_FROM_NAME="Bộ phận Một cửa phường Quảng Trị"
export MOCUA_INTAKE_PUBLIC_URL="http://$listen" MOCUA_INTAKE_PLACE="Quảng Trị"
export MOCUA_INTAKE_HOTLINE="0233 3861 000"
export MOCUA_INTAKE_ISSUING_SYSTEM="Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị (bản trình diễn)"

echo
echo "Uploads are scanned by a private clamd; e-mails the demo sends are written to ./$data/mail/"
echo "Kiosk of the hall: http://$listen/kiosk?unit=19360-TTPVHCC  (lookup by code or the receipt's QR,"
echo "  procedure guide, rating); anyone's lookup: http://$listen/lookup?code=…  (the QR of a printed Mẫu 01)"
echo "Serving the demo town at http://$listen  (Ctrl+C stops it; data stays in ./$data)"
"$build/mocua" serve --data-dir "$data" --listen "$listen" || true
