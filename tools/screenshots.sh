#!/usr/bin/env bash
# Retakes the README screenshots (docs/screenshots/{dashboard,queue-approvals,settings-template,queue-bank,invoice,
# portal-phone}.png) from the demo as `./encaisse serve --demo` starts it, on a throw-away SQLite database.
# French UI; back office at 1280 px, portal at 390 px; headless /usr/bin/chromium (never a downloaded browser).
# Usage: tools/screenshots.sh [OUT_DIR]   (default docs/screenshots)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$(realpath -m "${1:-$here/docs/screenshots}")"
port="${SCREENSHOT_PORT:-5097}"
url="http://localhost:$port"
work="$(mktemp -d)"
db="$work/encaisse.db"
export ENCAISSE_DB="$db"
cd "$here"
./encaisse serve --demo --urls "$url" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null "$url/login"; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$work/serve.log" >&2; exit 1; fi
  sleep 1
done
# A customer with a few overdue open invoices gets a portal link (shown once, printed by the CLI).
customer="$(sqlite3 "$db" "select c.external_ref from invoices i join customers c on c.id = i.customer_id where i.due_date < date('now') and i.gross_minor > i.settled_minor and i.gross_minor > 0 and i.cancelled_on is null group by c.id having count(*) between 2 and 4 order by sum(i.gross_minor - i.settled_minor) desc, c.external_ref limit 1;")"
portal="$(./encaisse portal link "$customer" --base-url "$url" | grep -o 'http[^ ]*/p/[^ ]*' | head -1)"
dotnet run --project tools/Encaisse.Screenshots -c Release -- "$url" "$portal" "$out"
ls -l "$out"
