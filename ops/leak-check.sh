#!/usr/bin/env bash
# What a test run left behind: loop devices and btrfs mounts that appeared while it ran, and
# files in the product's own places on this host (its /etc and /var/lib directories): a test
# keeps its config, passwords, journals and stores in directories of its own.
#   ops/leak-check.sh snapshot FILE   before the run: records what is attached and mounted now
#   ops/leak-check.sh compare FILE    after it: lists what appeared since; exit 1 if anything did
# Loop devices are compared by backing file and mounts by mount point, not by count: what
# existed before the run is never flagged, and one that went away during the run cannot hide
# one that appeared. Both lists are multisets (comm pairs equal lines one to one), so a
# second loop device on an already attached file is still reported.
set -euo pipefail

# The product's places on a real host; two levels deep is enough to name what a test wrote.
host_paths=(/etc/btrfs-send-backup /var/lib/btrfs-send-backup /var/lib/btrfs-ingest)

# One sorted line per object: "loop BACKING-FILE", "btrfs-mount MOUNT-POINT", "host-path PATH".
attached() {
  {
    losetup --list --noheadings --output BACK-FILE 2>/dev/null | sed -e 's/[[:space:]]*$//' -e 's/^/loop /' || true
    awk '$3 == "btrfs" { print "btrfs-mount " $2 }' /proc/mounts
    find "${host_paths[@]}" -maxdepth 2 2>/dev/null | sed 's/^/host-path /' || true
  } | LC_ALL=C sort
}

usage() {
  echo "usage: $0 snapshot FILE | compare FILE" >&2
  exit 2
}

[ $# -eq 2 ] || usage
case "$1" in
  snapshot)
    attached >"$2"
    ;;
  compare)
    [ -r "$2" ] || { echo "leak-check: no snapshot $2 (run 'snapshot $2' before)" >&2; exit 2; }
    appeared=$(LC_ALL=C comm -13 "$2" <(attached))
    if [ -n "$appeared" ]; then
      echo "leak-check: FAIL: left attached, mounted or written since the snapshot (find a loop device with losetup -j FILE):" >&2
      printf '%s\n' "$appeared" | sed 's/^/  /' >&2
      exit 1
    fi
    ;;
  *)
    usage
    ;;
esac
