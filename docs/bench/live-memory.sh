#!/bin/bash
# Where the live monitor's memory goes: peak RSS, the JVM's native memory by kind, the heap that
# is live after a full GC, its largest classes and the threads by name.
#
#   [RATE=events/s] [RUN_SECONDS=s] docs/bench/live-memory.sh [repo dir] [out dir] [jvm options]
#
# Starts `./opsmon up --rate $RATE` (default 50000) on a free port and a fresh data dir with
# OPSMON_JAVA_OPTS set to the options (default -Xmx1g) and native memory tracking, and after
# $RUN_SECONDS (default 200) writes to the out dir: histo (jcmd GC.class_histogram, which collects
# the whole heap first, so it lists what is live), status (/proc: peak and current RSS, anonymous
# and file-backed), nmt (jcmd VM.native_memory summary), threads (jstack names, numbers dropped);
# then prints the peak RSS, the NMT total and the live heap. RSS beyond NMT's committed total is
# memory the JVM does not track: RocksDB's and QuestDB's own allocations, malloc's arenas.
set -euo pipefail
repo=${1:-.}
out=$(realpath -m "${2:-live-memory}")
opts=${3:--Xmx1g}
rate=${RATE:-50000}
wait_s=${RUN_SECONDS:-200}
data=$(mktemp -d)
mkdir -p "$out"
# shellcheck source=live-monitor.sh
. "$(dirname "$0")/live-monitor.sh"
cd "$repo"
start_monitor "$rate" "$data" "$out/log" "$opts -XX:NativeMemoryTracking=summary"
trap 'stop_monitor; rm -rf "$data"' EXIT
sleep "$wait_s"
jvm=$(monitor_jvm "$rate" "$data")
jcmd "$jvm" GC.class_histogram >"$out/histo"
grep -E "VmHWM|VmRSS|RssAnon|RssFile|Threads" "/proc/$jvm/status" >"$out/status"
jcmd "$jvm" VM.native_memory summary >"$out/nmt"
jstack "$jvm" | grep '^"' | sed -E 's/^"([^"]*)".*/\1/; s/[-#_ ]?[0-9]+//g' | sort | uniq -c |
  sort -rn >"$out/threads"
echo "peak RSS $(awk '/VmHWM/ {print int($2 / 1024)}' "$out/status") MiB;" \
  "NMT committed $(grep -oE 'committed=[0-9]+' "$out/nmt" | head -1 | cut -d= -f2 | awk '{print int($1 / 1024)}') MiB;" \
  "live heap $(awk '/^Total/ {print int($3 / 1048576)}' "$out/histo") MiB"
