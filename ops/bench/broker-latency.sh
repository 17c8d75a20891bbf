#!/bin/sh
# Persistent publish-to-consume latency (p50/p99) and sustained events/s through the
# embedded broker with its real settings (security on). Not a test: prints figures.
# Targets (issue 2): p99 < 20 ms, >= 2,000 persistent events/s.
# Usage: ops/bench/broker-latency.sh [latencySamples] [throughputSeconds] [publisherThreads]
set -eu
cd "$(dirname "$0")/../.."
./mvnw -o -q -B -pl broker -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
data=$(mktemp -d /var/tmp/broker-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
java -cp "broker/target/test-classes:broker/target/classes:$(cat broker/target/test-classpath.txt)" \
    org.btrfssendbackup.broker.BrokerLatencyBenchmark "$data" "${1:-3000}" "${2:-15}" "${3:-8}"
