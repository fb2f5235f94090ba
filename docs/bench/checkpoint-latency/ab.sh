#!/bin/bash
# The alert path at two checkpoint intervals, alternating (docs/PERFORMANCE.md "The checkpoint interval").
# Needs rules.yaml: rules/default-rules.yaml plus the bench_alert_probe rule of AlertProbe.rulesFile().
# usage: docs/bench/checkpoint-latency/ab.sh RULES_FILE   (from the project root)
mkdir -p /tmp/lat; rules=$(realpath "$1"); here=$(cd "$(dirname "$0")" && pwd)
for round in 1 2; do for cp in 2s 1s; do
  rm -rf /tmp/lat/data; : > /tmp/lat/up.log
  (timeout 400 ./opsmon up --rate 200 --api-port 0 --data-dir /tmp/lat/data --rules "$rules" --checkpoint-interval $cp > /tmp/lat/up.log 2>&1 &)
  until grep -aq "Opsmon API" /tmp/lat/up.log; do sleep 0.5; done
  api=$(grep -a "Opsmon API" /tmp/lat/up.log | sed 's/.*Opsmon API: //' | tr -d '\r')
  r=$(python3 "$here/lat.py" $api 215 2>&1 | tail -1)
  echo "cp=$cp round $round $(date -u +%H:%M) load $(cut -d' ' -f1 /proc/loadavg): $r"
  pkill -f "data-dir /tmp/lat/data"; while pgrep -f "data-dir /tmp/lat/data" >/dev/null; do sleep 1; done
done; done
