#!/bin/bash
# What a backfill of late events costs: KPI corrections written and CPU spent.
#
#   docs/bench/late-backfill.sh [repo dir] [label]
#
# Starts `./opsmon up --rate 0` on a fresh data dir, replays 30 simulated minutes (seed 7, from
# yesterday 09:00 UTC) and waits until `opsmon.kpis` stops growing; then replays 30 other minutes
# of the same hours (seed 8): every event is late, within the allowed lateness, so each corrects a
# closed minute. Prints the records the backfill added to `opsmon.kpis` and the process's CPU
# time until they stop growing (the 10 s of quiet that tells so included). Needs kcat.
set -euo pipefail
repo=$(cd "${1:-.}" && pwd)
label=${2:-run}
work=$(mktemp -d)
start=$(date -u -d yesterday +%Y-%m-%dT09:00:00Z)
cd "$repo"
for seed in 7 8; do
  ./opsmon simulate --duration=PT30M --rate=100 --seed=$seed --start="$start" \
    --out="$work/events-$seed.ndjson" --truth="$work/truth-$seed.json" >/dev/null
done
./opsmon up --rate 0 --api-port=0 --data-dir="$work/data" >"$work/up.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$work"' EXIT
deadline=$((SECONDS + 600))
until grep -q "Opsmon API" "$work/up.log"; do
  [ $SECONDS -gt $deadline ] && { echo "not up after 10 minutes" >&2; exit 1; }
  sleep 1
done
api=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/up.log" | head -1)
broker=$(grep -o 'listening on 127.0.0.1:[0-9]*' "$work/up.log" | head -1 | awk '{print $3}')
jvm=$(pgrep -f "opsmon-launcher.jar up --rate 0 --api-port=0 --data-dir=$work/data" | head -1)
kpis() { kcat -b "$broker" -Q -t opsmon.kpis:0:-1 | awk '{print $NF}'; }
ticks() { awk '{print $14 + $15}' "/proc/$jvm/stat"; }
quiet() { local last=-1 now; while now=$(kpis) && [ "$now" != "$last" ]; do last=$now; sleep 10; done; }
./opsmon replay "$work/events-7.ndjson" --url "$api" >/dev/null 2>&1
quiet
records=$(kpis); before=$(ticks)
./opsmon replay "$work/events-8.ndjson" --url "$api" >/dev/null 2>&1
quiet
echo "$label: on time: $records records in opsmon.kpis; late backfill: $(($(kpis) - records))" \
  "more, $(awk -v t=$(($(ticks) - before)) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "%.1f s", t / hz }') of CPU"
