#!/usr/bin/env bash
# Benchmark of the retention planner (not a test): median planning time for 12.5k..100k
# stream files (chains of 30 incrementals) and the ratio to n log n.
# Usage: ops/bench/retention-planner.sh [runs per size]
set -euo pipefail
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/../.."
./mvnw -q -o -B -pl core test-compile
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -o -B -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java -Xms512m -Xmx512m -cp "core/target/test-classes:core/target/classes:$(cat "$cp_file")" \
    org.btrfssendbackup.core.retention.RetentionPlannerBenchmark "$@"
