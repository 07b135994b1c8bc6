#!/usr/bin/env bash
# CLI start-up (issue 11): CPU of a verb that reads one customer of a small SQLite database, against `--version`, both
# through ./encaisse (the ReadyToRun build it publishes). Prints hyperfine's table (mean wall, user and system CPU).
#   bench/cli/startup.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-20}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./encaisse --version >/dev/null   # builds when stale
./encaisse demo generate --customers 20 --seed 7 --db "$work/startup.db" >/dev/null
ref="$(./encaisse ledger open-items --db "$work/startup.db" --json | sed -n 's/.*"customerRef": "\([^"]*\)".*/\1/p' | head -1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
hyperfine --warmup 2 --runs "$runs" --export-markdown "$work/startup.md" \
  "./encaisse --version" \
  "./encaisse ledger customer $ref --db $work/startup.db --json"
cat "$work/startup.md"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
