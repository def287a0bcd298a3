#!/usr/bin/env bash
# make security: attack scans against a demo instance of mocua on loopback (docs/operations.md
# "Security scans", docs/adr/0101-fuzzing-and-scans.md). Reports go to build/security/; the script ends
# with one line per scanner and exits 1 when any scanner found something.
#
#   1. a fresh demo town (seed-demo) served on 127.0.0.1 as production runs it: behind_tls_proxy=true,
#      so answers carry HSTS and cookies are Secure (the scanners send cookies by header);
#   2. every demo login signed in through the real pages (staff set up two-step verification);
#   3. sqlmap against every search, filter and lookup parameter in tools/security/targets.txt, each as
#      the role the line names (anonymous and signed in): nothing may be injectable;
#   4. wapiti over the whole site, anonymously and as each role: no vulnerability, no anomaly (a 500 or
#      a time-out is an anomaly);
#   5. ffuf with dirb's common word list plus tools/security/sensitive-paths.txt, anonymously: no 2xx
#      for an admin, backup or configuration path.
# Time: SECURITY_WAPITI_SECONDS per wapiti scan (default 120), SECURITY_ROLES (default: anonymous and
# all 12 demo roles), SECURITY_SQLMAP_LEVEL / _RISK / _TECHNIQUE (default 2 / 1 / BEUSTQ: every technique).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=$build/security
wapiti_seconds=${SECURITY_WAPITI_SECONDS:-120}
sqlmap_level=${SECURITY_SQLMAP_LEVEL:-2}
sqlmap_risk=${SECURITY_SQLMAP_RISK:-1}
sqlmap_technique=${SECURITY_SQLMAP_TECHNIQUE:-BEUSTQ}
read -r -a roles <<<"${SECURITY_ROLES:-anonymous citizen business onestop_officer specialist leader clerk delegate meeting_secretary ioc_viewer unit_admin system_admin security_admin}"

for tool in sqlmap wapiti ffuf python3; do
  command -v "$tool" >/dev/null || { echo "security: $tool is missing (make deps installs it)" >&2; exit 1; }
done
wordlist=/usr/share/dirb/wordlists/common.txt
[[ -f $wordlist ]] || wordlist=""  # dirb is optional: the project's own list is always used

rm -rf "$out"
mkdir -p "$out"/{sqlmap,wapiti,ffuf}
data=$out/demo-data
"$build/mocua" seed-demo --data-dir "$data" >"$out/seed.log"

# The server on a free port; its first line names the address. Stopped (by its pid) on exit.
export MOCUA_SERVER_BEHIND_TLS_PROXY=true MOCUA_LOG_LEVEL=warn
# Its stdout stays open on fd 3 (the server may print more); the first line names the address.
exec 3< <(exec "$build/mocua" serve --data-dir "$data" --listen 127.0.0.1:0 2>"$out/server.log")
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT
base=""
while [[ -z $base ]] && read -r -t 60 line <&3; do
  base=$(sed -n 's/.*serving \(http:\/\/[0-9.:]*\).*/\1/p' <<<"$line")
done
[[ -n $base ]] || { echo "security: the server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }
echo "security: demo instance at $base (reports in $out/)"

python3 tools/security/sign_in.py "$base" "${roles[@]}" >"$out/sessions.json"
cookie_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$out/sessions.json" "$1"; }

findings=0
summary=()

# ---- sqlmap -------------------------------------------------------------------------------------------
sql_found=0; sql_tested=0
while read -r role target params; do
  [[ -z $role || $role == \#* ]] && continue
  [[ " ${roles[*]} " == *" $role "* ]] || continue
  cookie=$(cookie_of "$role")
  url="$base$target"
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "${url//\*/}")
  if [[ $status != 200 ]]; then
    echo "security: sqlmap target answers $status, not 200, as $role: $target (fix tools/security/targets.txt)"
    sql_found=$((sql_found + 1)); continue
  fi
  name=$(echo "$role$target" | tr -c 'a-zA-Z0-9' '_' | cut -c1-80)
  args=(-u "$url" --cookie="$cookie" --batch --level="$sqlmap_level" --risk="$sqlmap_risk" --technique="$sqlmap_technique" --threads=2
        --output-dir="$out/sqlmap/$name" --disable-coloring --flush-session --answers="follow=N")
  [[ $params != URI ]] && args+=(-p "$params")
  sqlmap "${args[@]}" >"$out/sqlmap/$name.log" 2>&1 || true
  sql_tested=$((sql_tested + 1))
  if grep -q "identified the following injection point" "$out/sqlmap/$name.log"; then
    echo "security: sqlmap found an injection as $role in $target (see $out/sqlmap/$name.log)"
    sql_found=$((sql_found + 1))
  elif ! grep -qE "do not appear to be injectable|does not seem to be injectable|not injectable" "$out/sqlmap/$name.log"; then
    echo "security: sqlmap did not finish $target as $role (see $out/sqlmap/$name.log)"
    sql_found=$((sql_found + 1))
  fi
done <tools/security/targets.txt
summary+=("sqlmap: $sql_tested targets, $sql_found findings")
findings=$((findings + sql_found))

# ---- wapiti -------------------------------------------------------------------------------------------
# Not crawled: signing out (it would end the session under test), the password and two-step pages (they
# would lock the account), and the style guide's previews of the error pages, which answer 403 and 500
# on purpose to show those pages.
# tools/security/wapiti.py runs Debian's wapiti with a fix for Python 3.11 (its --exclude crashed).
# ssrf needs wapiti's Internet endpoint, nikto and wapp an Internet update: not run on a closed machine.
modules=blindsql,cookieflags,csp,exec,file,http_headers,permanentxss,redirect,sql,xss,backup,csrf,crlf,htaccess,methods
wapiti_found=0
for role in "${roles[@]}"; do
  cookie=$(cookie_of "$role")
  report=$out/wapiti/$role.json
  /usr/bin/python3 tools/security/wapiti.py -u "$base/" --scope folder -m "$modules" -H "Cookie: $cookie" \
    -x "$base/sign-out" -x "$base/sign-out-everywhere" -x "$base/account/password*" -x "$base/account/two-factor*" \
    -x "$base/style-guide/errors/*" \
    --flush-session --store-session "$out/wapiti/session-$role" --max-scan-time "$wapiti_seconds" \
    --max-attack-time "$((wapiti_seconds / 3 + 1))" -d 4 --max-links-per-page 40 --max-files-per-dir 40 \
    -f json -o "$report" --no-bugreport -v 1 >"$out/wapiti/$role.log" 2>&1 || true
  n=$(python3 tools/security/wapiti_findings.py "$report" "$role" "$cookie")
  wapiti_found=$((wapiti_found + n))
done
summary+=("wapiti: ${#roles[@]} scans (${wapiti_seconds}s each), $wapiti_found findings")
findings=$((findings + wapiti_found))

# ---- ffuf ---------------------------------------------------------------------------------------------
words=$out/ffuf/words.txt
{ grep -v '^#' tools/security/sensitive-paths.txt; [[ -n $wordlist ]] && cat "$wordlist"; } | sort -u >"$words"
ffuf -u "$base/FUZZ" -w "$words" -mc 200-299 -t 4 -of json -o "$out/ffuf/anonymous.json" -s \
  >"$out/ffuf/anonymous.log" 2>&1 || true
ffuf_found=$(python3 tools/security/ffuf_findings.py "$out/ffuf/anonymous.json" tools/security/sensitive-paths.txt)
summary+=("ffuf: $(wc -l <"$words") paths, $ffuf_found unexpected 2xx")
findings=$((findings + ffuf_found))

# A scan that crashed the server would hide findings behind "connection refused".
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "security: the server died during the scans (see $out/server.log)"
  findings=$((findings + 1))
fi
printf 'security: %s\n' "${summary[@]}"
if ((findings > 0)); then
  echo "security: $findings findings; reports in $out/"
  exit 1
fi
echo "security: no findings; reports in $out/"
