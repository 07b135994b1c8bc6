#!/bin/bash
# usage: bench/web/cpu-per-request.sh PATH [seconds] [connections]
# One wrk run against a bench server held with `web-pages ... --hold > $HOLD_LOG` (default /tmp/hold.log): prints req/s,
# latency percentiles and the CPU per request of the server process and of all PostgreSQL processes
# (fields 14+15 of /proc/<pid>/stat, after minus before, / CLK_TCK / requests). Used by the sixth to eighth measurements.
log=${HOLD_LOG:-/tmp/hold.log}
base=$(grep -o "serving http://[0-9.:]*" "$log" | cut -d' ' -f2)
cookie=$(grep "^cookie: " "$log" | cut -c9-)
key=$(grep "^X-Api-Key: " "$log" | cut -c12-)
if [[ $1 == /api/* ]]; then h="X-Api-Key: $key"; else h="Cookie: $cookie"; fi
pid=$(pgrep -f "Encaisse.Bench.dll web-pages" | head -1)
tick=$(getconf CLK_TCK)
srv() { awk '{print $14+$15}' /proc/$pid/stat; }
pg() { local s=0; for p in $(pgrep -u postgres postgres); do v=$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null); s=$((s+${v:-0})); done; echo $s; }
s0=$(srv); p0=$(pg)
out=$(wrk -t$(( ${3:-32} > 1 ? 2 : 1 )) -c${3:-32} -d${2:-8}s --latency -H "$h" "${base%/}$1")
s1=$(srv); p1=$(pg)
n=$(echo "$out" | grep "requests in" | awk '{print $1}')
rps=$(echo "$out" | grep "Requests/sec" | awk '{print $2}')
lat=$(echo "$out" | grep -E "^ +(50|90|99)%" | awk '{printf "%s=%s ", $1, $2}')
echo "$1 req/s=$rps $lat server_ms/req=$(echo "scale=2; ($s1-$s0)*1000/$tick/$n" | bc) pg_ms/req=$(echo "scale=2; ($p1-$p0)*1000/$tick/$n" | bc)"
