#!/bin/bash
# How long the embedded broker takes to start again after a crash (docs/RELIABILITY.md), with
# Kafka's default broker lease and with a 3 s one.
#
#   docs/bench/broker-restart.sh [repo dir]     # after ./opsmon has built the launcher once
set -euo pipefail
repo=${1:-.}
cd "$repo"
cp="launcher/target/opsmon-launcher.jar:$(ls launcher/target/lib/*.jar | tr '\n' ':')"
echo "default lease (broker.session.timeout.ms 9000):"
java -cp "$cp" docs/bench/BrokerRestart.java
echo "lease 3000 ms, heartbeat 500 ms:"
java -cp "$cp" docs/bench/BrokerRestart.java 3000
