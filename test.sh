#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (PostgreSQL, an SMTP server, Chromium, Saxon HE) when it
# is missing, starts PostgreSQL, then runs the whole test suite. Prints "N passed, N failed" at the end.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || missing+=(python3-aiosmtpd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -f /usr/share/java/Saxon-HE.jar ] || missing+=(libsaxonhe-java)   # EN 16931 schematron (XSLT 2.0) in the e-invoice tests
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# PostgreSQL from Debian (15 on bookworm; whichever major version the release ships): start its default cluster
# and make sure the test role exists.
pgver=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters 2>/dev/null | grep -q "^${pgver} *main"; then
  $SUDO pg_createcluster "$pgver" main >/dev/null
fi
if ! pg_lsclusters | grep -q "^${pgver} *main .*online"; then
  $SUDO pg_ctlcluster "$pgver" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
$SUDO -u postgres psql -q -h /var/run/postgresql -c \
  "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='encaisse') THEN CREATE ROLE encaisse LOGIN SUPERUSER PASSWORD 'encaisse'; END IF; END\$\$;" \
  2>/dev/null || su postgres -c "psql -q -c \"DO \\\$\\\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='encaisse') THEN CREATE ROLE encaisse LOGIN SUPERUSER PASSWORD 'encaisse'; END IF; END\\\$\\\$;\""
export ENCAISSE_TEST_PG="Host=127.0.0.1;Port=5432;Username=encaisse;Password=encaisse;Database=postgres"

results="$(pwd)/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
dotnet test Encaisse.slnx -c Release --logger "trx;LogFileName=results.trx" --results-directory "$results" \
  -- RunConfiguration.TreatNoTestsAsError=true || status=$?

# One plain closing line for CI, counted from the TRX report.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); passed=$((passed + ${p:-0}))
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p'); failed=$((failed + ${f:-0}))
  s=$(echo "$counters" | sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p'); skipped=$((skipped + ${s:-0}))
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi
exit $status
