#!/bin/bash
# The live monitor's peak RSS and CPU time with given JVM options.
#
#   [RATE=events/s] [RUN_SECONDS=s] docs/bench/live-rss.sh [repo dir] [label] [jvm options]
#
# Starts `./opsmon up --rate $RATE` (default 1000) on a free port and a fresh data dir with
# OPSMON_JAVA_OPTS set to the options (default -Xmx2g), and after $RUN_SECONDS (default 200) prints
# the process's peak RSS (VmHWM from /proc/<pid>/status), its CPU time so far (user + system,
# start-up included), G1's committed heap, how often the log reports an OutOfMemoryError and how far
# the simulated feed was last reported behind the clock.
set -euo pipefail
repo=${1:-.}
label=${2:-run}
opts=${3:--Xmx2g}
rate=${RATE:-1000}
wait_s=${RUN_SECONDS:-200}
data=$(mktemp -d)
cd "$repo"
OPSMON_JAVA_OPTS="$opts" ./opsmon up --rate "$rate" --api-port=0 --data-dir="$data" >"$data.log" 2>&1 &
launcher=$!
stop() {
  kill "$launcher" 2>/dev/null || return 0
  # a JVM thrashing in a full heap may not get to its shutdown hooks
  for _ in $(seq 30); do kill -0 "$launcher" 2>/dev/null || break; sleep 1; done
  kill -9 "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
}
trap 'stop; rm -rf "$data" "$data.log"' EXIT
sleep "$wait_s"
jvm=$(pgrep -f "opsmon-launcher.jar up --rate $rate --api-port=0 --data-dir=$data" | head -1)
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$jvm/status")
ticks=$(awk '{print $14 + $15}' "/proc/$jvm/stat")
heap=$(jcmd "$jvm" GC.heap_info | awk '/garbage-first heap/ {print $4}' | tr -d ,)
echo "$label ($opts, $rate events/s for $wait_s s): peak RSS $((hwm / 1024)) MiB, CPU $((ticks / $(getconf CLK_TCK))) s," \
  "G1 heap committed $heap"
echo "$label: OutOfMemoryError reported $(grep -ac OutOfMemoryError "$data.log" || true) times;" \
  "$(grep -a 'behind the clock' "$data.log" | tail -1 | sed 's/.*LiveSimulation - //' || true)"
