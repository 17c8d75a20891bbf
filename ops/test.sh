#!/usr/bin/env bash
# The project's test command: installs what the tests drive (Debian packages), then runs
# every test of every module with the Maven wrapper. As root, the system tests (btrfs on
# loop images, sshd on loopback, gpg, cryptsetup) are required: they fail rather than skip.
# Afterwards it checks that the run left no loop device attached, no btrfs mounted and nothing
# in the product's /etc and /var/lib directories: once after the Maven tests, once after the
# install and package checks (which install the product on this host and must remove it again).
set -euo pipefail
cd "$(dirname "$0")/.."

ops/install-test-deps.sh
if [ "$(id -u)" -eq 0 ]; then
  export BTRFS_BACKUP_SYSTEM_TESTS="${BTRFS_BACKUP_SYSTEM_TESTS:-required}"
fi
echo "test.sh: BTRFS_BACKUP_SYSTEM_TESTS=${BTRFS_BACKUP_SYSTEM_TESTS:-optional}"

# What is attached and mounted now is not the tests' doing (ops/leak-check.sh).
leak_snapshot=$(mktemp)
trap 'rm -f "$leak_snapshot"' EXIT
ops/leak-check.sh snapshot "$leak_snapshot"
status=0
./mvnw -B -ntp verify "$@" || status=$?
echo "test.sh: leak check after the Maven tests"
ops/leak-check.sh compare "$leak_snapshot" || status=1
if [ "$status" -eq 0 ]; then
  # The install step, checked as a user meets it (verify has built the jars).
  ops/check-install.sh || status=$?
  # The Debian package, installed, upgraded under a running backup and purged (ops/check-deb.sh).
  ops/check-deb.sh || status=$?
fi

echo "test.sh: leak check after the install and package checks"
ops/leak-check.sh compare "$leak_snapshot" || status=1
exit $status
