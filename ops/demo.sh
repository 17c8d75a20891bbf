#!/usr/bin/env bash
# The main job: one real backup cycle, all-in-one, on loopback btrfs images.
# Installs what it drives (Debian packages), builds with the Maven wrapper, then runs the
# btrfs-backup-demo command from this checkout (ops/bin/btrfs-backup-demo: ops/target/classes
# and ops/target/lib, the same jars ops/install.sh installs): prod and backup loop images,
# sshd on 127.0.0.1 with the restricted forced-command key, the embedded broker with every
# agent in one JVM, a full backup, a change, an incremental backup, a restore of the newest
# snapshot, a comparison with the source and the event timeline. Everything it creates is
# removed at the end, also on failure or Ctrl-C. Options go to the command
# (--work-base DIR, --verbose; ops/bin/btrfs-backup-demo --help lists them).
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
exec ops/bin/btrfs-backup-demo "$@"
