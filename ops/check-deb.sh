#!/usr/bin/env bash
# Checks the Debian package the way an admin meets it, on this machine (root; ops/test.sh runs
# it after `verify` built the jars): builds two versions with ops/deb/build-deb.sh, lintian
# reports nothing on them, `apt-get install ./...deb` installs the older, every installed
# command answers --help and maps its class data archive without a warning, every man page
# renders (`man -l`, groff warnings on) and every completion loads in bash; then the all-in-one
# demo (a real backup and restore on loop btrfs, sshd, the broker) runs from the installed
# command while the newer version is installed over it, and must end with an identical restore;
# remove keeps the configuration and the users, purge removes them and keeps the broker's
# journal directory. The web console: its command, unit (systemd-analyze verify), user, users
# file, man page and completion; purge removes its user and users file. The console and the
# receiver run on their own class paths, without the broker's server jars.
# Whatever happens, the package is purged at the end.
# Refuses to run where btrfs-send-backup is already installed: it never touches a real install.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=btrfs-send-backup
if [ "$(id -u)" -ne 0 ]; then
  echo "check-deb: needs root (apt-get install); skipped" >&2
  [ "${BTRFS_BACKUP_SYSTEM_TESTS:-optional}" = required ] && exit 1
  exit 0
fi
if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q installed; then
  echo "check-deb: $pkg is installed on this machine; not touching it" >&2
  exit 1
fi
work=$(mktemp -d /var/tmp/check-deb.XXXXXX)
journal=/var/lib/btrfs-send-backup/broker
made_journal=no
# The package's tmpfiles.d makes the ingest account's home, and purge keeps it (it may hold the
# operator's authorized_keys). A check run must not leave it behind: the QEMU VM tests see this
# host's / and would find it owned by a uid their own btrfs-ingest user does not have.
ingest_home=/var/lib/btrfs-ingest
made_ingest_home=no
[ -e "$ingest_home" ] || made_ingest_home=yes
cleanup() {
  if dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok\|installed'; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q "$pkg" >/dev/null 2>&1 || dpkg --purge "$pkg" >/dev/null 2>&1 || true
  fi
  [ -n "${demo_pid:-}" ] && kill "$demo_pid" 2>/dev/null || true
  if [ "$made_journal" = yes ]; then rm -rf "$journal"; rmdir /var/lib/btrfs-send-backup 2>/dev/null || true; fi
  if [ "$made_ingest_home" = yes ]; then rm -rf "$ingest_home"; fi
  rm -rf "$work"
}
trap cleanup EXIT
failed=0
check() { # name, command...: passes when the command exits 0
  local name=$1 out; shift
  if out=$("$@" 2>&1); then
    echo "check-deb: ok   $name"
  else
    echo "check-deb: FAIL $name:" >&2
    tail -8 <<<"$out" >&2
    failed=$((failed + 1))
  fi
}
old=0.0.1~check1
new=0.0.1~check2
ops/deb/build-deb.sh "$old" "$work/old" >/dev/null
ops/deb/build-deb.sh "$new" "$work/new" >/dev/null
if command -v lintian >/dev/null; then
  check "lintian reports nothing" sh -c "lintian --fail-on error,warning '$work/old/${pkg}_${old}_all.deb' 2>&1 | grep -v 'running with root privileges' | grep . && exit 1 || exit 0"
else
  echo "check-deb: FAIL lintian is not installed (ops/install-test-deps.sh installs it)" >&2
  failed=$((failed + 1))
fi
export DEBIAN_FRONTEND=noninteractive
check "apt-get install $old" apt-get install -y -q "$work/old/${pkg}_${old}_all.deb"
if [ ! -d "$journal" ]; then mkdir -p "$journal"; made_journal=yes; fi
touch "$journal/check-deb-sentinel"
for c in /usr/sbin/btrfs-send-backup /usr/sbin/btrfs-backup-prune /usr/sbin/btrfs-backup-broker \
         /usr/sbin/btrfs-backup-demo /usr/bin/btrfs-backup-console /usr/sbin/btrfs-backup-web; do
  check "$c --help" "$c" --help
done
check "btrfs-backup-receive --help" /usr/sbin/btrfs-backup-receive --help
check "archives trained" test -s /var/lib/$pkg-lib/current/producer.jsa -a -s /var/lib/$pkg-lib/current/receiver.jsa \
  -a -s /var/lib/$pkg-lib/current/console.jsa
check "the console maps its archive without a warning" sh -c \
  '! /usr/bin/btrfs-backup-console --version 2>&1 >/dev/null | grep -q .'
for list in console receiver; do
  check "the $list's class path has the broker client, not its server" sh -c \
    "grep -q artemis-jakarta-client /var/lib/$pkg-lib/current/$list.classpath \
     && ! grep -q -E 'artemis-server|jgroups|nimbus-jose-jwt|javalin' /var/lib/$pkg-lib/current/$list.classpath"
done
check "the web console's jars beside the others" sh -c "ls /var/lib/$pkg-lib/current/web/ | grep -q '^javalin-'"
check "the web unit passes systemd-analyze verify" sh -c \
  "out=\$(systemd-analyze verify /lib/systemd/system/btrfs-backup-web.service 2>&1); [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }"
check "the web console's user" getent passwd btrfs-backup-web
check "its users file, readable by its group only" test "$(stat -c '%a %U %G' /etc/$pkg/web-users)" = "640 root btrfs-backup-web"
check "web.conf.example is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' $pkg | grep -q /etc/$pkg/web.conf.example"
check "the receiver maps its archive without a warning" sh -c \
  '! /usr/sbin/btrfs-backup-receive --help 2>&1 >/dev/null | grep -q .'
check "the producer maps its archive without a warning" sh -c \
  '! /usr/sbin/btrfs-send-backup --version 2>&1 >/dev/null | grep -q .'
pages=$(dpkg -L "$pkg" | grep '^/usr/share/man/.*\.gz$' || true)
check "seven man pages" test "$(wc -w <<<"$pages")" -eq 7
for page in $pages; do
  check "man -l $page" sh -c "out=\$(MANWIDTH=100 MANPAGER=cat man --warnings -l '$page' 2>&1 >/dev/null); [ -z \"\$out\" ] || { echo \"\$out\"; exit 1; }; MANPAGER=cat man -l '$page' | grep -q Usage:"
done
for c in btrfs-send-backup btrfs-backup-receive btrfs-backup-prune btrfs-backup-broker btrfs-backup-demo btrfs-backup-console \
         btrfs-backup-web; do
  check "completion of $c" bash -c "source /usr/share/bash-completion/completions/$c && complete -p $c"
done
check "no unit enabled" sh -c "! ls /etc/systemd/system/*.wants/ 2>/dev/null | grep -q btrfs"

# The upgrade while a backup runs: the demo started from the old version's jars finishes.
/usr/sbin/btrfs-backup-demo --work-base "$work" > "$work/demo.log" 2>&1 &
demo_pid=$!
sleep 5
check "the demo runs when the upgrade starts" kill -0 "$demo_pid"
check "apt-get install $new while the demo runs" apt-get install -y -q "$work/new/${pkg}_${new}_all.deb"
check "current is $new" test "$(readlink /var/lib/$pkg-lib/current)" = "$new"
demo_status=0
wait "$demo_pid" || demo_status=$?
demo_pid=""
check "the demo started before the upgrade restored identically" sh -c "[ $demo_status -eq 0 ] || { tail -20 '$work/demo.log'; exit 1; }"
check "the old version's jars stayed for it" test -d "/var/lib/$pkg-lib/$old"

check "apt-get remove" apt-get remove -y -q "$pkg"
check "remove keeps the config" test -f /etc/$pkg/prod.conf.example -a -f /etc/default/btrfs-backup-receive
check "remove keeps the users" getent passwd btrfs-backup-broker btrfs-ingest btrfs-backup-web
check "apt-get purge" apt-get purge -y -q "$pkg"
check "purge removes the config" sh -c "! test -e /etc/$pkg/prod.conf.example -o -e /etc/default/btrfs-backup-receive"
check "purge removes the users" sh -c "! getent passwd btrfs-backup-broker && ! getent passwd btrfs-ingest && ! getent passwd btrfs-backup-web"
check "purge removes the web console's users file" test ! -e /etc/$pkg/web-users
check "purge keeps the broker's journal" test -f "$journal/check-deb-sentinel"
check "purge leaves no jar copy" test ! -e /var/lib/$pkg-lib
rm -f "$journal/check-deb-sentinel"
if [ "$failed" -ne 0 ]; then
  echo "check-deb: $failed check(s) failed" >&2
  exit 1
fi
echo "check-deb: all checks passed"
