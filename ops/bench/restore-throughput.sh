#!/usr/bin/env bash
# Issue 18's benchmark: restore throughput on loopback btrfs, against the stock tools.
# Builds a data set of SIZE (half random, half text) in a subvolume, snapshots it and stores its
# send stream as the producer does (zstd, OpenPGP, manifest); also a chain of a full and 30
# incrementals and a tiny stream. Then measures, in interleaved rounds, each on a cold page cache
# (sync, then drop_caches) and into a fresh directory of another loop btrfs:
#   a. btrfs-backup-console restore --from-dir   vs  gpg -d FILE | zstd -d | btrfs receive
#   b. btrfs-backup-console restore --from-ssh   vs  ssh ... get-stream | gpg -d | zstd -d | btrfs receive
#      (the same sshd on 127.0.0.1, key and forced-command receiver for both)
#   c. the chain restored by one console run     vs  the stock loop over the same files
# and apart from the rounds (medians of 5):
#   d. btrfs-backup-console verify of the stored stream from the page cache (MB/s, start-up excluded)
#   e. start-up: console --version vs gpg --version + btrfs --version, and a restore of the tiny
#      stream vs the stock pipeline over it
# Prints wall s, MB/s of the send stream, CPU s (both sides over ssh), the speed-ups and a
# verdict per target; every restore is compared with its source snapshot and must be identical.
# The console and the receiver run as installed: the ops/install.sh wrappers and jars of a staging
# install (sshd's forced command runs the staged btrfs-backup-receive with its LIB and a config).
# ssh ciphers: restore --from-ssh uses the console's default --ssh-ciphers (AES-GCM first), the stock
# `ssh … get-stream` ssh's own list (chacha20-poly1305); the report prints the negotiated ones.
# Everything it creates (loop devices, mounts, sshd, temp files) is removed, also on failure.
#
# Usage (root): ops/bench/restore-throughput.sh [SIZE_MiB [ROUNDS]]   (defaults 1024 and 3)
# Installs nothing: the tools come from ops/install-test-deps.sh. Each round runs the six
# restores in another order (VariantOrder); the report takes each variant's median. The smoke
# mode (16 MiB, one round, a chain of 1 + 3) runs in CI as RestoreThroughputSmokeTest.
# Profiling hook (environment): BENCH_CONSOLE_OPTS, extra JVM options of the console (e.g.
# "-XX:StartFlightRecording=filename=/tmp/restore.jfr").
set -euo pipefail
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."

. ops/bench/lib/stage.sh restore-throughput.sh "it creates loop devices, mounts btrfs, drops caches and starts sshd"
# the staged wrapper finds its jars (and whatever class data it maps) through this variable
export BTRFS_SEND_BACKUP_LIB="$lib"
java -Xmx256m -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener \
  -Dbench.lib="$lib" -Dbench.console="$stage/usr/local/bin/btrfs-backup-console" \
  -Dbench.receiver="$stage/usr/local/sbin/btrfs-backup-receive" \
  -cp "$ops/test-classes:$ops/classes:$ops/test-lib/*" \
  org.btrfssendbackup.ops.bench.RestoreThroughputBenchmark "${1:-1024}" "${2:-3}"
