#!/usr/bin/env bash
# Checks the install step the way a user meets it: installs into a staging directory and
# runs every installed command's --help (or usage) from the installed jars alone, so a
# missing jar or a wrong main class fails the test run instead of a user's first night.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ops/install.sh --no-build --destdir "$stage" >/dev/null
export BTRFS_SEND_BACKUP_LIB="$stage/usr/local/lib/btrfs-send-backup"
failed=0
check() { # name, expected exit status, expected text, command...
  local name=$1 want=$2 text=$3; shift 3
  local out status=0
  out=$("$@" 2>&1) || status=$?
  if [ "$status" -ne "$want" ] || ! grep -q -- "$text" <<<"$out"; then
    echo "check-install: FAIL $name: exit $status (want $want), output:" >&2
    head -5 <<<"$out" >&2
    failed=$((failed + 1))
  else
    echo "check-install: ok   $name"
  fi
}
sbin="$stage/usr/local/sbin"
check btrfs-send-backup 0 "Usage" "$sbin/btrfs-send-backup" --help
check btrfs-backup-receive 2 "refused" env BTRFS_BACKUP_RECEIVE_CONFIG=/nonexistent "$sbin/btrfs-backup-receive" "rm -rf /"
check btrfs-backup-prune 0 "Usage" "$sbin/btrfs-backup-prune" --help
check btrfs-backup-broker 2 "" "$sbin/btrfs-backup-broker" /nonexistent/broker.conf
check btrfs-backup-console 0 "Usage" "$stage/usr/local/bin/btrfs-backup-console" --help
echo "check-install: $((5 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
