#!/bin/bash
# The alert path and the open window's partial value under two sets of `opsmon up` options, alternating, two rounds
# (docs/PERFORMANCE.md "The checkpoint interval" and "Checkpoints when a minute closes").
# Needs rules.yaml: rules/default-rules.yaml plus the bench_alert_probe rule of AlertProbe.rulesFile().
# usage: docs/bench/checkpoint-latency/ab.sh RULES_FILE [OPTIONS_A [OPTIONS_B]]   (from the project root)
#   default: OPTIONS_A "--checkpoint-interval 2s", OPTIONS_B "--checkpoint-interval 1s"
#   e.g.     ab.sh rules.yaml --minute-close-checkpoints --no-minute-close-checkpoints
mkdir -p /tmp/lat; rules=$(realpath "$1"); here=$(cd "$(dirname "$0")" && pwd)
a=${2:---checkpoint-interval 2s}; b=${3:---checkpoint-interval 1s}
for round in 1 2; do for options in "$a" "$b"; do
  rm -rf /tmp/lat/data; : > /tmp/lat/up.log
  # shellcheck disable=SC2086 # the options are words
  (timeout 400 ./opsmon up --rate 200 --api-port 0 --data-dir /tmp/lat/data --rules "$rules" $options > /tmp/lat/up.log 2>&1 &)
  until grep -aq "Opsmon API" /tmp/lat/up.log; do sleep 0.5; done
  api=$(grep -a "Opsmon API" /tmp/lat/up.log | sed 's/.*Opsmon API: //' | tr -d '\r')
  r=$(python3 "$here/lat.py" $api 215 2>&1 | tail -1)
  echo "$options, round $round $(date -u +%H:%M) load $(cut -d' ' -f1 /proc/loadavg): $r"
  pkill -f "data-dir /tmp/lat/data"; while pgrep -f "data-dir /tmp/lat/data" >/dev/null; do sleep 1; done
done; done
