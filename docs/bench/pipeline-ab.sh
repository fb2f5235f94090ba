#!/bin/bash
# Issue 8's cost criterion, measured the way it asks: the pipeline's events/s before the KPI
# catalogue (two KPIs, at ce15d67^) and now, with the same command, alternating, on this machine.
#
#   docs/bench/pipeline-ab.sh [rounds] [before-commit]
#
# Builds the before-commit in a temporary tree (package only: nothing is installed over ~/.m2),
# writes `bench`'s events once (seed 7, 3 simulated hours at 100 events/s from yesterday 09:00
# UTC, about 1.06 million), and runs pipeline-ab/PipelineAB.java against each checkout's own
# classes: a fresh standalone stack with the simulator off, the events written straight into
# opsmon.events.raw, timed until the validator, the stream jobs (on the topics that checkout's
# jobs read) and the store loader have committed everything. Prints one line per run.
set -euo pipefail
rounds=${1:-2}
before=${2:-ce15d67^}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$repo"
git archive "$before" | (mkdir -p "$work/before" && tar -x -C "$work/before")
(cd "$work/before" && ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true >/dev/null)
./mvnw -B -q package -DskipTests -Dspotless.check.skip=true -pl launcher -am >/dev/null
./opsmon simulate --seed 7 --start "$(date -u -d yesterday +%Y-%m-%dT09:00:00Z)" --duration 3h \
  --rate 100 --out "$work/events.ndjson" --truth "$work/truth.json" >/dev/null
opts="-Xmx2g $(sed -n '/--add-opens/p' "$repo/opsmon" | tr -d '\\' | tr '\n' ' ')"
declare -A jar topics
jar[before]=$work/before/launcher/target/opsmon-launcher.jar
jar[now]=$repo/launcher/target/opsmon-launcher.jar
topics[before]=opsmon.events.orders
topics[now]=opsmon.events.orders,opsmon.events.inventory,opsmon.events.service,opsmon.events.storefront
for which in before now; do
  mkdir -p "$work/classes-$which"
  javac -d "$work/classes-$which" -cp "${jar[$which]}" "$repo/docs/bench/pipeline-ab/PipelineAB.java"
done
for round in $(seq "$rounds"); do
  for which in before now; do
    rm -rf "$work/data"
    # shellcheck disable=SC2086
    figure=$(java $opts -cp "${jar[$which]}:$work/classes-$which" PipelineAB "$work/data" \
      "$work/events.ndjson" "${topics[$which]}" 2>/dev/null | grep PIPELINE)
    echo "$which (round $round, $(date -u +%H:%M)): ${figure#PIPELINE }"
  done
done
