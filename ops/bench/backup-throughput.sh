#!/usr/bin/env bash
# Issue 3's benchmark: backup throughput on loopback btrfs over one sshd on 127.0.0.1.
# Builds a data set of SIZE (half random, half text) in a subvolume, takes a read-only
# snapshot, then measures one after another: btrfs send > /dev/null (the limit); the seed's
# send | gpg --symmetric | ssh cat; the tuned send | zstd -3 -T0 | gpg --compress-algo none |
# ssh -c aes128-gcm (and the same made durable: sync FILE before ssh returns, as the receiver
# fsyncs); and ours, the producer's real SendStep in a -Xmx64m JVM uploading with put-stream to
# the real receiver forced command, once in a fresh JVM (the cron run) and once as the second
# send of one JVM (the service). Both JVMs run on a staging install of ops/install.sh (its jars,
# its trained class data archives and the producer's compiler directives) with the wrappers'
# options. Prints wall time, MB/s of the send stream, CPU seconds (sending and receiving side),
# stored bytes, ratios and a verdict per target, and ours over tuned round by round (each
# round's pair runs minutes apart, so that line is free of the drift between rounds).
# Everything it creates (loop devices, mounts, sshd, temp files) is removed, also on failure.
#
# Usage (root): ops/bench/backup-throughput.sh [SIZE_MiB [ROUNDS]]   (defaults 1024 and 3)
# Installs nothing: the tools come from ops/install-test-deps.sh. The variants run interleaved,
# ROUNDS times, and the report takes each variant's median: on a shared machine absolute figures
# vary by tens of percent from one minute to the next; CPU seconds vary less. Each round runs
# the variants in another order (the rows of a Williams square: over 6 rounds each variant
# follows every other once), because a run here is a few percent faster or slower depending on
# what ran just before it.
# Profiling hooks (environment): BENCH_PRODUCER_OPTS (extra JVM options of ours, e.g. JFR),
# BENCH_PRODUCER_PREFIX (a command to run ours under, e.g. "perf record -g -o FILE --"),
# BENCH_SHELL_PREFIX (the same for the shell pipelines, e.g. "perf record -a -o FILE --"),
# BENCH_THREAD_CPU=1 (per-thread CPU of ours' JVM: encode-feed with zstd's workers,
# encode-encrypt, compiler threads, ...).
set -euo pipefail
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."

# Both JVMs start from a staging install (jars and the class data archives it trains), as the
# installed wrappers start them.
. ops/bench/lib/stage.sh backup-throughput.sh "it creates loop devices, mounts btrfs and starts sshd"
java -Xmx256m -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
  -Dbench.opsTarget="$ops" -Dbench.lib="$lib" \
  -cp "$ops/test-classes:$ops/classes:$ops/test-lib/*" \
  org.btrfssendbackup.ops.bench.BackupThroughputBenchmark "${1:-1024}" "${2:-3}"
