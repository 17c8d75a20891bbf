#!/usr/bin/env bash
# Installs btrfs-send-backup from this checkout: the jars into LIB (default
# /usr/local/lib/btrfs-send-backup) and the wrapper commands into /usr/local/sbin and
# /usr/local/bin. Configuration, keys, cron lines and sudoers are NOT touched: follow
# ops/deploy/*/README.md for those, as in the seed's setup. prod-srv's systemd units go to
# /usr/local/lib/systemd/system, disabled (a copy in /etc/systemd/system still wins): enabling
# one of them is the set-up step the README describes.
#
# The console and the receiver run on their own class paths, the lists LIB/console.classpath
# and LIB/receiver.classpath the build writes (no broker server side, no web jars); the other
# programs on every jar of LIB.
#
# It then trains the class data archives LIB/producer.jsa, LIB/receiver.jsa and LIB/console.jsa: one training
# run per program (its ClassDataTraining main, in a temporary directory) in a JVM that writes
# the classes it loaded into the archive; the wrappers map it, so each start reads, parses and
# verifies far fewer classes from the jars. An archive fits only these jars at this path and
# this JDK: run install.sh again after a Java update (the JVM then warns on stderr).
# LIB/producer-compiler.json comes from ops/deploy/prod-srv: compiler directives that keep C2
# for the producer's crypto path only (see the btrfs-send-backup wrapper).
#
#   ops/install.sh [--destdir DIR] [--no-build] [--no-class-data]
#
# --destdir DIR     install under DIR (staging, packaging, tests); default: the real root.
# --no-build        use the jars already in ops/target (default: ./mvnw package first).
# --no-class-data   no archives (packaging: they name the path they were made at).
set -euo pipefail
cd "$(dirname "$0")/.."
destdir=""
build=yes
class_data=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --destdir) destdir="$2"; shift 2 ;;
    --no-build) build=no; shift ;;
    --no-class-data) class_data=no; shift ;;
    -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# Replace the whole set so no stale jar of an older version stays on the class path, and no
# archive of the old jars stays next to them.
find "$lib" -maxdepth 1 \( -name '*.jar' -o -name '*.jsa' -o -name '*.classpath' -o -name 'producer-compiler.json' \) -delete
install -m 0644 "${libs[@]}" "${ops_jar[@]}" "$lib/"
# each client program's own class path (jar names under @LIB@), see the wrappers
install -m 0644 ops/target/classpath/*.classpath "$lib/"
# The web console's own jars (Javalin, Jetty) in LIB/web: only btrfs-backup-web puts them on its class path.
rm -rf "$lib/web"
install -d -m 0755 "$lib/web"
install -m 0644 ops/target/web-lib/*.jar "$lib/web/"
install -m 0644 ops/deploy/prod-srv/producer-compiler.json "$lib/"
install -m 0755 ops/deploy/prod-srv/btrfs-send-backup "$destdir/usr/local/sbin/btrfs-send-backup"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-receive "$destdir/usr/local/sbin/btrfs-backup-receive"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-prune "$destdir/usr/local/sbin/btrfs-backup-prune"
install -m 0755 ops/deploy/backup-srv/btrfs-backup-broker "$destdir/usr/local/sbin/btrfs-backup-broker"
install -m 0755 ops/bin/btrfs-backup-web "$destdir/usr/local/sbin/btrfs-backup-web"
install -m 0755 ops/bin/btrfs-backup-console "$destdir/usr/local/bin/btrfs-backup-console"
# the all-in-one demo needs root (loop devices, mounts, sshd), so sbin
install -m 0755 ops/bin/btrfs-backup-demo "$destdir/usr/local/sbin/btrfs-backup-demo"
units="$destdir/usr/local/lib/systemd/system"
install -d -m 0755 "$units"
install -m 0644 ops/deploy/prod-srv/btrfs-send-backup.service ops/deploy/prod-srv/btrfs-send-backup-run.service \
  ops/deploy/prod-srv/btrfs-send-backup-run.timer ops/deploy/prod-srv/btrfs-send-backup-failed@.service "$units/"
echo "install.sh: installed $(ls "$lib"/*.jar | wc -l) jars into $lib and 7 commands"
echo "install.sh: prod-srv units in $units (disabled; see ops/deploy/prod-srv/README.md)"
# train NAME MAIN [CLASSPATH]: LIB/NAME.jsa from one run of MAIN, on the class path the program's
# wrapper uses (default every jar of LIB; an archive fits only the class path it was trained on). JVM messages at error level only: the dump
# lists every JDK class it leaves out as a warning. A failed training leaves no archive, and
# the program starts as it would without one; the test run (ops/check-install.sh) catches it.
# A small heap as in the wrappers: on a host with 128 GiB the default heap would be too big for
# compressed pointers, and an archive made without them does not fit the wrappers' JVMs.
# BOOT (4th argument): a boot class path append, which must be the same at run time.
train() {
  local archive="$lib/$1.jsa" log
  if log=$("${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:ArchiveClassesAtExit="$archive" -Xlog:disable \
      -Xlog:all=error:stderr -Dslf4j.provider=org.btrfssendbackup.core.logging.StderrLoggingProvider -Dslf4j.internal.verbosity=WARN ${4:+"-Xbootclasspath/a:$4"} -cp "${3:-$lib/*}" "$2" 2>&1) && [ -s "$archive" ]; then
    echo "install.sh: trained $archive ($(( $(stat -c %s "$archive") / 1048576 )) MiB)"
  else
    rm -f "$archive"
    echo "install.sh: WARNING: class data training of $1 failed; it starts without an archive:" >&2
    printf '%s\n' "$log" | grep -v '^[[:space:]]*at ' | tail -5 >&2
  fi
}
if [ "$class_data" = yes ]; then
  train producer org.btrfssendbackup.producer.ClassDataTraining
  # the same class paths the wrappers btrfs-backup-receive and btrfs-backup-console build
  train receiver org.btrfssendbackup.receiver.ClassDataTraining "$(sed "s#@LIB@#$lib#g" "$lib/receiver.classpath")"
  train console org.btrfssendbackup.ops.cli.ClassDataTraining \
    "$(ls "$lib"/ops-*.jar):$(sed "s#@LIB@#$lib#g" "$lib/console.classpath")" \
    "$(sed "s#@LIB@#$lib#g" "$lib/console-boot.classpath")"
fi
