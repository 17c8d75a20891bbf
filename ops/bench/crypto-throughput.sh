#!/bin/sh
# Throughput of the producer's encryption path (core.stream.StreamEncoder) against Bouncy
# Castle used straightforwardly, the seed's gpg --symmetric and the tuned zstd | gpg pipeline,
# all on the same generated data (half random, half text), in one run, with a 64 MiB heap.
# Prints MB/s, CPU seconds (JVM + pipeline children), stored bytes, peak heap and GCs per variant.
# Usage: ops/bench/crypto-throughput.sh [SIZE_MIB]   (default 1024). Needs gpg and zstd.
# Extra JVM options in BENCH_JAVA_OPTS, e.g. BENCH_JAVA_OPTS=-Xlog:gc:file=gc.log
set -eu
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
./mvnw -o -q -B -pl core test-compile dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS holds several options
exec java -Xmx64m ${BENCH_JAVA_OPTS:-} -cp "core/target/classes:core/target/test-classes:$(cat "$cp_file")" \
    org.btrfssendbackup.core.crypto.CryptoThroughputBenchmark "${1:-1024}"
