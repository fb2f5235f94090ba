#!/bin/bash
# The CPU the live monitor uses on its own simulator, and what its stream carries.
#
#   docs/bench/live-cpu.sh [repo dir] [label]
#
# Starts `./opsmon up` on a free port and a fresh data dir, lets it run 4 minutes (warm-up and
# the simulated world settling), then prints the process's CPU time over the next 60 s (user +
# system, from /proc/<pid>/stat) and the events on /api/v1/stream over 20 s, by type.
set -euo pipefail
repo=${1:-.}
label=${2:-run}
port=$((20000 + RANDOM % 10000))
data=$(mktemp -d)
cd "$repo"
./opsmon up --api-port="$port" --data-dir="$data" >"$data.log" 2>&1 &
launcher=$!
trap 'kill $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$data" "$data.log"' EXIT
deadline=$((SECONDS + 600))
until curl -sf "http://127.0.0.1:$port/health" >/dev/null; do
  [ $SECONDS -gt $deadline ] && { echo "not up after 10 minutes; see $data.log" >&2; exit 1; }
  sleep 2
done
sleep 180
jvm=$(pgrep -f "opsmon-launcher.jar up --api-port=$port" | head -1)
ticks() { awk '{print $14 + $15}' "/proc/$jvm/stat"; }
before=$(ticks); sleep 60; after=$(ticks)
echo "$label: CPU over 60 s: $(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" \
  'BEGIN { printf "%.1f%% of one core", t / hz / 60 * 100 }')"
events=$(timeout 20 curl -sN "http://127.0.0.1:$port/api/v1/stream" || true)
echo "$label: stream over 20 s: $(grep -c '^event: kpi' <<<"$events" || true) kpi," \
  "$(grep -c '^event: partial' <<<"$events" || true) partial"
