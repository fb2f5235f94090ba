# Sourced by live-rss.sh and live-memory.sh: `./opsmon up` with the simulator at a rate, on a free
# port and a data dir of its own, from the current directory.
#
#   start_monitor RATE DATA_DIR LOG JVM_OPTIONS   starts it; its pid in $launcher
#   monitor_jvm RATE DATA_DIR                     the pid of its JVM
#   stop_monitor                                  SIGTERM, then SIGKILL after 30 s

start_monitor() {
  OPSMON_JAVA_OPTS="$4" ./opsmon up --rate "$1" --api-port=0 --data-dir="$2" >"$3" 2>&1 &
  launcher=$!
}

monitor_jvm() {
  pgrep -f "opsmon-launcher.jar up --rate $1 --api-port=0 --data-dir=$2" | head -1
}

stop_monitor() {
  kill "$launcher" 2>/dev/null || return 0
  # a JVM thrashing in a full heap may not get to its shutdown hooks
  for _ in $(seq 30); do kill -0 "$launcher" 2>/dev/null || break; sleep 1; done
  kill -9 "$launcher" 2>/dev/null || true
  wait "$launcher" 2>/dev/null || true
}
