#!/usr/bin/env bash
# Runs the detector's JMH benchmark (points per second, one thread). Extra arguments go to JMH,
# e.g. ./detection/benchmark.sh -f 1 -wi 2 -i 3.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -pl detection -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
cp="detection/target/test-classes:detection/target/classes:$(cat detection/target/test-classpath.txt)"
exec java -cp "$cp" org.openjdk.jmh.Main DetectorBenchmark "$@"
