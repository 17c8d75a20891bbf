#!/usr/bin/env bash
# Checks the install step the way a user meets it: installs into a staging directory and
# runs every installed command's --help (or usage) from the installed jars alone, so a
# missing jar or a wrong main class fails the test run instead of a user's first night.
# The console and the receiver run on their own class paths, without the broker's server jars.
# Then the class data archives: install.sh trained all three, the installed wrappers map them (a
# java that adds -Xshare:on refuses to start otherwise), and once an archive no longer fits its
# jars, the receiver still answers with exactly its one line on stdout (the JVM warns on stderr).
# And the producer's compiler directives: installed, named by the wrapper, and quiet (the JVM
# would print a line per method they keep from C2), while its warnings still reach stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
ops/install.sh --no-build --destdir "$stage" >/dev/null
export BTRFS_SEND_BACKUP_LIB="$stage/usr/local/lib/btrfs-send-backup"
failed=0
total=0
check() { # name, expected exit status, expected text, command...
  local name=$1 want=$2 text=$3; shift 3
  local out status=0
  total=$((total + 1))
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
check btrfs-backup-broker 0 "Usage" "$sbin/btrfs-backup-broker" --help
check btrfs-backup-broker 2 "" "$sbin/btrfs-backup-broker" /nonexistent/broker.conf
check btrfs-backup-console 0 "Usage" "$stage/usr/local/bin/btrfs-backup-console" --help
check btrfs-backup-demo 0 "Usage" "$sbin/btrfs-backup-demo" --help
check btrfs-backup-web 0 "Usage" "$sbin/btrfs-backup-web" --help
# the web's jars (Javalin, Jetty) stay in LIB/web, off the console's class path
web_jars_beside_console() { ls "$BTRFS_SEND_BACKUP_LIB" | grep -c -E '^(javalin|jetty|kotlin)' || true; }
check "no web jar on the console's class path" 0 "^0$" web_jars_beside_console

lib="$BTRFS_SEND_BACKUP_LIB"
check "class data archives" 0 "console.jsa" ls "$lib/producer.jsa" "$lib/receiver.jsa" "$lib/console.jsa"
shim="$stage/java-share-on"
mkdir -p "$shim/bin"
printf '#!/bin/sh\nexec %s -Xshare:on "$@"\n' "$(command -v java)" >"$shim/bin/java"
chmod 0755 "$shim/bin/java"
check "btrfs-send-backup maps producer.jsa" 0 "Usage" env JAVA_HOME="$shim" "$sbin/btrfs-send-backup" --help
check "btrfs-backup-receive maps receiver.jsa" 0 '"status":"ok"' env JAVA_HOME="$shim" "$sbin/btrfs-backup-receive" version
check "btrfs-backup-console maps console.jsa" 0 "btrfs-backup-console" env JAVA_HOME="$shim" "$stage/usr/local/bin/btrfs-backup-console" --version
args_shim="$stage/java-args"
mkdir -p "$args_shim/bin"
printf '#!/bin/sh\nprintf "%%s\\n" "$@" >"%s/args"\nexec %s "$@"\n' "$args_shim" "$(command -v java)" >"$args_shim/bin/java"
chmod 0755 "$args_shim/bin/java"
# the console and the receiver run on their own lists: the broker's client jars, not its server side
class_path_of() { JAVA_HOME="$args_shim" "$@" >/dev/null 2>&1 || true; grep -A1 -x -- -cp "$args_shim/args" | tail -1 | tr ':' '\n'; }
server_jars() { class_path_of "$@" | grep -c -E '/(artemis-server|artemis-journal|artemis-jdbc-store|jgroups|nimbus-jose-jwt|javalin|jetty)[^/]*\.jar$' || true; }
client_jar() { class_path_of "$@" | grep -c -E '/artemis-jakarta-client-[^/]*\.jar$' || true; }
check "no broker server jar on the console's class path" 0 "^0$" server_jars "$stage/usr/local/bin/btrfs-backup-console" --version
check "the broker client on the console's class path" 0 "^1$" client_jar "$stage/usr/local/bin/btrfs-backup-console" --version
check "no broker server jar on the receiver's class path" 0 "^0$" server_jars "$sbin/btrfs-backup-receive" version
# picocli (Java 5 class files, which the JVM verifies slowly and no archive holds) on the boot class path
boot_picocli() { JAVA_HOME="$args_shim" "$@" >/dev/null 2>&1 || true; grep -c -E '^-Xbootclasspath/a:/[^:]*/picocli-[^/:]*\.jar$' "$args_shim/args" || true; }
class_path_picocli() { class_path_of "$@" | grep -c -E '/picocli-[^/]*\.jar$' || true; }
check "picocli on the console's boot class path" 0 "^1$" boot_picocli "$stage/usr/local/bin/btrfs-backup-console" --version
check "picocli not on the console's class path" 0 "^0$" class_path_picocli "$stage/usr/local/bin/btrfs-backup-console" --version
check "picocli on the web console's boot class path" 0 "^1$" boot_picocli "$sbin/btrfs-backup-web" --help
# the console maps its archive where it was built: no relocation of 40 MiB of class data per start
not_relocated() { env JAVA_HOME="$shim" BTRFS_BACKUP_CONSOLE_JAVA_OPTS="-Xlog:cds=info:stdout" "$@" | grep -c 'at an alternative address' || true; }
check "btrfs-backup-console maps console.jsa without relocating it" 0 "^0$" not_relocated "$stage/usr/local/bin/btrfs-backup-console" --version
web_server_jars() { class_path_of "$sbin/btrfs-backup-web" --help | grep -c -E '/(artemis-server|jgroups|nimbus-jose-jwt)[^/]*\.jar$' || true; }
web_jar() { class_path_of "$sbin/btrfs-backup-web" --help | grep -c -E '/web/\*$' || true; }
check "no broker server jar on the web console's class path" 0 "^0$" web_server_jars
check "its web jars on the web console's class path" 0 "^1$" web_jar
check "the broker client on the receiver's class path" 0 "^1$" client_jar "$sbin/btrfs-backup-receive" version
# restore and verify: the full tiered compiler (C2's AES and SHA intrinsics) on the serial collector;
# the console's other commands: the client compiler alone
jit_flags() { JAVA_HOME="$args_shim" "$@" >/dev/null 2>&1 || true; grep -x -E -- '-XX:(\+UseSerialGC|TieredStopAtLevel=1)' "$args_shim/args" | tr '\n' ' '; }
check "restore runs with C2 on the serial collector" 0 "^-XX:+UseSerialGC $" jit_flags "$stage/usr/local/bin/btrfs-backup-console" restore --help
check "verify runs with C2 on the serial collector" 0 "^-XX:+UseSerialGC $" jit_flags "$stage/usr/local/bin/btrfs-backup-console" verify --help
check "--version runs on the client compiler" 0 "^-XX:TieredStopAtLevel=1 -XX:+UseSerialGC $" jit_flags "$stage/usr/local/bin/btrfs-backup-console" --version
named_directives() { JAVA_HOME="$args_shim" "$sbin/btrfs-send-backup" --help >/dev/null 2>&1; cat "$args_shim/args"; }
check "btrfs-send-backup names producer-compiler.json" 0 "^-XX:CompilerDirectivesFile=$lib/producer-compiler.json$" named_directives
jvm_chatter() { "$sbin/btrfs-send-backup" --help 2>&1 | grep -c -E "directives added|Excluding compile|not compilable" || true; }
check "the directives make no output" 0 "^0$" jvm_chatter
touch "$lib"/jackson-core-*.jar # the archives no longer fit
stale_stdout() { "$sbin/btrfs-backup-receive" version 2>/dev/null | wc -l; }
check "a stale archive leaves stdout alone" 0 "^1$" stale_stdout
check "a stale archive is named on stderr" 0 "receiver.jsa" "$sbin/btrfs-backup-receive" version
check "the producer's JVM warnings still reach stderr" 0 "producer.jsa" "$sbin/btrfs-send-backup" --help
echo "check-install: $((total - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
