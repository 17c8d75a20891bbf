#!/usr/bin/env bash
# The project's test command: installs what the tests drive (Debian packages), then runs
# every test of every module with the Maven wrapper. As root, the system tests (btrfs on
# loop images, sshd on loopback, gpg, cryptsetup) are required: they fail rather than skip.
# Afterwards it checks that nothing was left attached or mounted.
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install-test-deps.sh
if [ "$(id -u)" -eq 0 ]; then
  export BTRFS_BACKUP_SYSTEM_TESTS="${BTRFS_BACKUP_SYSTEM_TESTS:-required}"
fi
echo "test.sh: BTRFS_BACKUP_SYSTEM_TESTS=${BTRFS_BACKUP_SYSTEM_TESTS:-optional}"

loops_before=$(losetup -a 2>/dev/null | wc -l)
status=0
./mvnw -B -ntp verify "$@" || status=$?
if [ "$status" -eq 0 ]; then
  # The install step, checked as a user meets it (verify has built the jars).
  ops/check-install.sh || status=$?
fi

loops_after=$(losetup -a 2>/dev/null | wc -l)
if [ "$loops_after" -gt "$loops_before" ]; then
  echo "test.sh: FAIL: tests left loop devices attached:" >&2
  losetup -a >&2
  status=1
fi
if grep -q ' btrfs ' /proc/mounts && grep ' btrfs ' /proc/mounts | grep -q -E '/tmp/|junit|btrfs-send-backup'; then
  echo "test.sh: FAIL: tests left btrfs filesystems mounted:" >&2
  grep ' btrfs ' /proc/mounts >&2
  status=1
fi
exit $status
