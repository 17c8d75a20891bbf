#!/usr/bin/env bash
# The main job: one real backup cycle, all-in-one, on loopback btrfs images.
# Installs what it drives (Debian packages), builds with the Maven wrapper, then runs
# BackupCycleDemo: prod and backup loop images, sshd on 127.0.0.1 with the restricted
# forced-command key, the embedded broker with every agent in one JVM, a full backup, a
# change, an incremental backup, a restore of the newest snapshot, a comparison with the
# source and the event timeline. Everything it creates is removed at the end, also on
# failure or Ctrl-C.
set -euo pipefail
# --help: the comment above, then exit, before anything is built or installed.
case "${1:-}" in
  -h|--help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
esac
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "demo.sh: run as root: it creates loop devices, mounts btrfs and starts sshd" >&2
  exit 2
fi
ops/install-test-deps.sh
echo "demo.sh: building (./mvnw package, tests skipped)"
./mvnw -q -B -ntp -DskipTests package
# Absolute class path: sshd runs the receiver (the forced command) with the demo's class path
# from another working directory. The loop images go to /var/tmp too, beside the work directory.
export BTRFS_BACKUP_TEST_TMP="${BTRFS_BACKUP_TEST_TMP:-/var/tmp}"
here="$(pwd)"
# The test class path holds several logback-test.xml (test-jars); logback's notice about it is noise here.
exec java -Xmx256m -Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener -cp "$here/ops/target/test-classes:$here/ops/target/classes:$here/ops/target/test-lib/*" \
  org.btrfssendbackup.ops.demo.BackupCycleDemo "$@"
