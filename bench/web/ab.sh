#!/bin/bash
# usage: bench/web/ab.sh LABEL CONNECTION-STRING-SUFFIX URL...
# Starts a fresh bench server held on the bench database with the suffix added to its connection string, warms each URL
# 3 x 10 s, then measures each twice (bench/web/cpu-per-request.sh, 10 s, 32 connections). Alternate two labels
# (A, B, A, B) to compare builds or settings; BENCH_PG overrides the database.
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
for p in $(pgrep -f "Encaisse.Bench.dll web-pages"); do kill -9 $p; done; sleep 1
label=$1; suffix=$2; shift 2
pg=${BENCH_PG:-"Host=127.0.0.1;Username=encaisse;Password=encaisse;Database=bench_pages"}
export HOLD_LOG=${HOLD_LOG:-/tmp/hold.log}
(cd "$root" && ENCAISSE_RATES_UPDATE=off nohup dotnet bench/Encaisse.Bench/bin/Release/net10.0/Encaisse.Bench.dll web-pages \
  --pg "$pg$suffix" --reuse --hold > "$HOLD_LOG" 2>&1 &) > /dev/null 2>&1 < /dev/null
# (the subshell's own output closed too: piped into tail, it kept the pipe open as long as the server ran)
until grep -q "^customer " "$HOLD_LOG" 2>/dev/null; do sleep 1; done
for u in "$@"; do for i in 1 2 3; do "$here/cpu-per-request.sh" "$u" 10 32 > /dev/null; done; done
for u in "$@"; do for i in 1 2; do echo "$label $("$here/cpu-per-request.sh" "$u" 10 32) load=$(cut -d' ' -f1 /proc/loadavg)"; done; done
