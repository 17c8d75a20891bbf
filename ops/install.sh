#!/usr/bin/env bash
# Installs btrfs-send-backup from this checkout: the jars into LIB (default
# /usr/local/lib/btrfs-send-backup) and the wrapper commands into /usr/local/sbin and
# /usr/local/bin. Configuration, keys, cron lines, sudoers and units are NOT touched: follow
# ops/deploy/*/README.md for those, as in the seed's setup.
#
#   ops/install.sh [--destdir DIR] [--no-build]
#
# --destdir DIR  install under DIR (staging, packaging, tests); default: the real root.
# --no-build     use the jars already in ops/target (default: ./mvnw package first).
set -euo pipefail
cd "$(dirname "$0")/.."
destdir=""
build=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) destdir="$2"; shift 2 ;;
    --no-build) build=no; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ "$build" = yes ]; then
  ./mvnw -q -B -ntp -DskipTests package
fi
shopt -s nullglob
ops_jar=(ops/target/ops-*.jar)
libs=(ops/target/lib/*.jar)
if [ ${#ops_jar[@]} -ne 1 ] || [ ${#libs[@]} -eq 0 ]; then
  echo "install.sh: no built jars in ops/target (run without --no-build)" >&2
  exit 1
fi
lib="$destdir/usr/local/lib/btrfs-send-backup"
install -d -m 0755 "$lib" "$destdir/usr/local/sbin" "$destdir/usr/local/bin"
# Replace the whole set so no stale jar of an older version stays on the class path.
find "$lib" -maxdepth 1 -name '*.jar' -delete
install -m 0644 "${libs[@]}" "${ops_jar[@]}" "$lib/"
install -m 0755 ops/deploy/prod-srv/btrfs-send-backup "$destdir/usr/local/sbin/btrfs-send-backup"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-receive "$destdir/usr/local/sbin/btrfs-backup-receive"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-prune "$destdir/usr/local/sbin/btrfs-backup-prune"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-broker "$destdir/usr/local/sbin/btrfs-backup-broker"
install -m 0755 ops/bin/btrfs-backup-console "$destdir/usr/local/bin/btrfs-backup-console"
echo "install.sh: installed $(ls "$lib" | wc -l) jars into $lib and 5 commands"
