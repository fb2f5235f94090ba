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
# shellcheck source=live-monitor.sh
. "$(dirname "$0")/live-monitor.sh"
cd "$repo"
start_monitor "$rate" "$data" "$data.log" "$opts"
trap 'stop_monitor; rm -rf "$data" "$data.log"' EXIT
sleep "$wait_s"
jvm=$(monitor_jvm "$rate" "$data")
hwm=$(awk '/VmHWM/ {print $2}' "/proc/$jvm/status")
ticks=$(awk '{print $14 + $15}' "/proc/$jvm/stat")
heap=$(jcmd "$jvm" GC.heap_info | awk '/garbage-first heap/ {print $4}' | tr -d ,)
echo "$label ($opts, $rate events/s for $wait_s s): peak RSS $((hwm / 1024)) MiB, CPU $((ticks / $(getconf CLK_TCK))) s," \
  "G1 heap committed $heap"
echo "$label: OutOfMemoryError reported $(grep -ac OutOfMemoryError "$data.log" || true) times;" \
  "$(grep -a 'behind the clock' "$data.log" | tail -1 | sed 's/.*LiveSimulation - //' || true)"
