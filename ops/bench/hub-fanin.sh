#!/bin/sh
# Issue 16's fan-in benchmark: events from N simulated prod-srv hosts through their bridges into
# one hub on this machine. The hub is the real broker main in its own JVM (the shipped wrapper's
# options, a broker.conf with one producer user per host, users, passwords and TLS made by
# btrfs-backup-broker init); each host is the producer's local broker with its hub-forward core
# bridge (TLS, its own host user, so the hub's host-binding check runs), all hosts in this JVM.
# Every host publishes backup runs' events (real EventEnvelope JSON through the project's
# publisher), per round a burst (as fast as it can, N events in all) and a steady load (a rate
# per host); a consumer on the hub's audit checks that every event id arrives once and measures
# events/s and publish-to-audit latency (p50/p99/max); the hub's heap (peak, held after a full
# collection) is read through JMX. Prints a table, a verdict per figure (medians over the
# rounds) and, with --json, one JSON document on stdout (the report then goes to stderr).
# Usage: ops/bench/hub-fanin.sh [--hosts N (50)] [--burst-events N (20000)] [--steady-rate
#        EVENTS_PER_S_PER_HOST (1)] [--steady-seconds S (20)] [--rounds R (3)] [--json]
# Environment: BENCH_HOSTS_JVM_OPTS (the hosts' JVM, default -Xmx1g). Everything lives in a
# temporary directory under /var/tmp that is removed at the end.
set -eu
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."
./mvnw -o -q -B -pl ops -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test
# shellcheck disable=SC2086 # the options are words
exec java ${BENCH_HOSTS_JVM_OPTS:--Xmx1g} -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
    -cp "ops/target/test-classes:ops/target/classes:$(cat ops/target/test-classpath.txt)" \
    org.btrfssendbackup.ops.bench.HubFanInBenchmark --wrapper ops/deploy/backup-srv/btrfs-backup-broker "$@"
