#!/bin/sh
# Persistent publish-to-consume latency (p50/p99) and sustained events/s through the
# embedded broker with its real settings (security on). Not a test: prints figures.
# Targets (issue 2): p99 < 20 ms, >= 2,000 persistent events/s.
# Usage: ops/bench/broker-latency.sh [latencySamples] [throughputSeconds] [publisherThreads]
set -eu
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."
./mvnw -o -q -B -pl broker -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
data=$(mktemp -d /var/tmp/broker-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
java -cp "broker/target/test-classes:broker/target/classes:$(cat broker/target/test-classpath.txt)" \
    org.btrfssendbackup.broker.BrokerLatencyBenchmark "$data" "${1:-3000}" "${2:-15}" "${3:-8}"
