#!/usr/bin/env bash
# Installs every Debian package and npm dependency Mở Cửa needs to build, run, test and benchmark.
# Idempotent and non-interactive: packages already present are left alone, and apt is only asked
# for what is missing. Run as root, or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config git clang-format
  # C++ libraries (Debian bookworm)
  libboost-dev libsoci-dev libsqlite3-dev libpq-dev nlohmann-json3-dev libtomlplusplus-dev
  libcli11-dev libspdlog-dev libfmt-dev libkainjow-mustache-dev libicu-dev libssl-dev zlib1g-dev
  libcurl4-openssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # identity: Argon2id and secret boxes (libsodium), QR codes for authenticator apps (libqrencode)
  libsodium-dev libqrencode-dev
  # procedure catalogue import/export: CSV (libcsv), XLSX writing (libxlsxwriter) and reading (libzip, libxml2)
  libcsv-dev libxlsxwriter-dev libzip-dev libxml2-dev
  # PDF forms (Mẫu 01 receipt): cairo PDF surface, pango shaping via fontconfig, and the serif font
  # metric-compatible with Times New Roman (docs/adr/0052-pdf-forms.md)
  libcairo2-dev libpango1.0-dev fonts-liberation2
  # PDF checks in tests: pdfinfo/pdffonts/pdftotext/pdftoppm (poppler) and zbarimg (QR decoding)
  poppler-utils zbar-tools
  # real components used by tests and benchmarks
  postgresql sqlite3 nginx-light wrk curl ca-certificates procps python3
  # upload scanning: clamd (its own private instance in tests, with a local signature set and no
  # network update) and Debian's harmless sample files that ClamAV must detect
  clamav-daemon clamav-testfiles
  # backup archives (libarchive); pg_dump/pg_restore/pg_amcheck and psql for backup, restore and the
  # durability checks; strace for the I/O-fault tests (issue 11, docs/adr/0100-backup-and-durability.md)
  libarchive-dev postgresql-client strace
  # the SMTP sink the mail tests send to (tools/smtp-sink.sh)
  python3-aiosmtpd
  # browser and JavaScript tooling (the browser is Debian's; npm never downloads one)
  nodejs chromium
  # e-form answer patterns: RE2 (linear-time regular expressions)
  libre2-dev
  # make fuzz: libFuzzer and the sanitizer runtimes come with clang (docs/adr/0101-fuzzing-and-scans.md)
  clang-14 libclang-rt-14-dev
  # make security: attack scans against a demo instance on loopback (dirb for its common word list)
  sqlmap wapiti ffuf dirb
)

missing=()
for p in "${DEBIAN_PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# npm: Debian's package, unless a Node.js distribution that bundles npm is already installed.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts services on install; the project starts its own on loopback when it needs them.
  for svc in nginx postgresql clamav-daemon clamav-freshclam; do
    $SUDO systemctl disable --now "$svc" >/dev/null 2>&1 || $SUDO service "$svc" stop >/dev/null 2>&1 || true
  done
else
  echo "deps: Debian packages present"
fi

# npm packages for the browser side and the e2e tests, from the lock file.
if [[ -f web/package-lock.json ]]; then
  if [[ ! -d web/node_modules ]] || [[ web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    echo "deps: npm ci (web/)"
    (cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
  else
    echo "deps: npm packages present"
  fi
fi
