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
eval "$(tools/clamd.sh start)"
trap 'tools/clamd.sh stop "$MOCUA_CLAMD_DIR"' EXIT
export MOCUA_SCANNER_SOCKET="$MOCUA_TEST_CLAMD_SOCKET"
# The seed also takes one demo dossier through the whole of processing; its result file is scanned.
"$build/mocua" seed-demo --data-dir "$data"

eval "$(tools/smtp-sink.sh start "$data/mail")"
# Fees are paid through the sandbox bank (`mocua sandbox-bank`, a stand-in for a VNPay-style gateway) on a
# free loopback port, with a hash secret made for this run only (docs/adr/0080-cashless-payments.md).
bank_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MOCUA_VNPAY_HASH_SECRET=$(head -c 24 /dev/urandom | base64)
export MOCUA_VNPAY_HASH_SECRET
"$build/mocua" sandbox-bank --listen "127.0.0.1:$bank_port" --merchant MOCUADEMO \
  --ipn-url "http://$listen/api/v1/payments/vnpay/ipn" >"$data/sandbox-bank.log" 2>&1 &
bank_pid=$!
export MOCUA_PAYMENTS_ENABLED=true MOCUA_PAYMENTS_MERCHANT_CODE=MOCUADEMO
export MOCUA_PAYMENTS_PAY_URL="http://127.0.0.1:$bank_port/paymentv2/vpcpay.html"
export MOCUA_PAYMENTS_QUERY_URL="http://127.0.0.1:$bank_port/merchant_webapi/api/transaction"

stop_helpers() {
  kill "$bank_pid" 2>/dev/null || true
  tools/smtp-sink.sh stop "$MOCUA_SMTP_SINK_DIR"
  tools/clamd.sh stop "$MOCUA_CLAMD_DIR"
}
trap stop_helpers EXIT

export MOCUA_MAIL_ENABLED=true MOCUA_MAIL_URL="$MOCUA_TEST_SMTP_URL" MOCUA_MAIL_STARTTLS=false
export MOCUA_MAIL_FROM=mot-cua@phuongquangtri.example MOCUA_MAIL_FROM_NAME="Bộ phận Một cửa phường Quảng Trị"
export MOCUA_INTAKE_PUBLIC_URL="http://$listen" MOCUA_INTAKE_PLACE="Quảng Trị"
export MOCUA_INTAKE_HOTLINE="0233 3861 000"
export MOCUA_INTAKE_ISSUING_SYSTEM="Hệ thống thông tin giải quyết TTHC tỉnh Quảng Trị (bản trình diễn)"

echo
echo "Uploads are scanned by a private clamd; e-mails the demo sends are written to ./$data/mail/"
echo "Fees are paid through the sandbox bank at http://127.0.0.1:$bank_port: sign in as the demo citizen,"
echo "  apply for a procedure with a fee (e.g. 2.000635, 8.000 VND), open the dossier, choose the fees page,"
echo "  'Pay the fees online', then 'Pay' at the bank (log: ./$data/sandbox-bank.log)"
echo "  The receipt is then in the citizen's data store (/my/data-store); the day's reconciliation report:"
echo "  http://$listen/work/payments/reconciliation?unit=19360-TTPVHCC  (one-stop officer or leader; XLSX below it)"
echo "Kiosk of the hall: http://$listen/kiosk?unit=19360-TTPVHCC  (lookup by code or the receipt's QR,"
echo "  procedure guide, rating); anyone's lookup: http://$listen/lookup?code=…  (the QR of a printed Mẫu 01)"
echo "Serving the demo town at http://$listen  (Ctrl+C stops it; data stays in ./$data)"
echo "Public statistics board: http://$listen/board  (live on a large screen: http://$listen/board/wall)"
"$build/mocua" serve --data-dir "$data" --listen "$listen" || true
