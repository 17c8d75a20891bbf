#!/usr/bin/env bash
# Builds the Debian package btrfs-send-backup_VERSION_all.deb from the jars of a finished
# `./mvnw package` (ops/target/lib, ops/target/web-lib, ops/target/classpath and
# ops/target/ops-*.jar) and the files of ops/deploy, with
# dpkg-deb only (no other Debian tool: `./mvnw -Pdeb package` runs it; docs/architecture.md
# "Debian package"). One package for both roles: the roles differ by what the admin enables.
#
#   ops/deb/build-deb.sh VERSION OUTDIR
#
# VERSION is a Debian version (the build turns 0.1.0-SNAPSHOT into 0.1.0~SNAPSHOT); OUTDIR
# gets the staging tree (OUTDIR/root) and the .deb.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: build-deb.sh VERSION OUTDIR" >&2; exit 2; }
version=$(printf '%s' "$1" | tr - '~')   # 0.1.0-SNAPSHOT sorts before 0.1.0 as 0.1.0~SNAPSHOT
out="$2"
here=$(cd "$(dirname "$0")" && pwd)
ops=$(cd "$here/.." && pwd)
repo=$(cd "$ops/.." && pwd)
pkg=btrfs-send-backup
shopt -s nullglob
ops_jar=("$ops"/target/ops-*.jar)
libs=("$ops"/target/lib/*.jar)
web_libs=("$ops"/target/web-lib/*.jar)
class_paths=("$ops"/target/classpath/*.classpath)
if [ ${#ops_jar[@]} -ne 1 ] || [ ${#libs[@]} -eq 0 ] || [ ${#web_libs[@]} -eq 0 ] || [ ${#class_paths[@]} -eq 0 ]; then
  echo "build-deb.sh: no built jars in $ops/target (run ./mvnw -Pdeb package)" >&2
  exit 1
fi
root="$out/root"
rm -rf "$root"
install -d -m 0755 "$root/DEBIAN"
umask 022

# The jars of this version, read-only under /usr; postinst links them into the versioned
# directory the wrappers run from (see postinst for why not from here).
jars="$root/usr/share/$pkg/$version"
install -d "$jars"
install -m 0644 "${libs[@]}" "${ops_jar[@]}" "${class_paths[@]}" "$ops/deploy/prod-srv/producer-compiler.json" "$jars/"
# the web console's jars (Javalin, Jetty) apart, as install.sh puts them: only btrfs-backup-web reads web/
install -d "$jars/web"
install -m 0644 "${web_libs[@]}" "$jars/web/"

# installed_paths FILE: the checkout's install paths (ops/install.sh) become the package's.
# Fails when the file names none of them, so a wrapper whose LIB line changed is not shipped
# looking for jars where the package has none.
installed_paths() {
  sed -i -e 's#/usr/local/sbin/#/usr/sbin/#g' -e 's#/usr/local/bin/#/usr/bin/#g' \
    -e 's#/usr/local/share/doc/btrfs-send-backup/#/usr/share/doc/btrfs-send-backup/#g' "$1"
}
# wrapper SRC DEST: a command, with its LIB resolved once, at start, through the `current`
# link: a program started before an upgrade keeps the directory of its version.
wrapper() {
  install -D -m 0755 "$1" "$2"
  installed_paths "$2"
  local before
  before=$(cat "$2")
  sed -i -e 's#^LIB="${BTRFS_SEND_BACKUP_LIB:-/usr/local/lib/btrfs-send-backup}"$#LIB=$(readlink -f "${BTRFS_SEND_BACKUP_LIB:-/var/lib/btrfs-send-backup-lib/current}")#' \
    -e 's#^installed="${BTRFS_SEND_BACKUP_LIB:-/usr/local/lib/btrfs-send-backup}"$#installed=$(readlink -f "${BTRFS_SEND_BACKUP_LIB:-/var/lib/btrfs-send-backup-lib/current}")#' "$2"
  if [ "$before" = "$(cat "$2")" ] || grep -v "^#" "$2" | grep -q /usr/local/lib; then
    echo "build-deb.sh: $1 no longer has the LIB line this script rewrites" >&2
    exit 1
  fi
}
wrapper "$ops/deploy/prod-srv/btrfs-send-backup" "$root/usr/sbin/btrfs-send-backup"
wrapper "$ops/deploy/backup-srv/btrfs-backup-receive" "$root/usr/sbin/btrfs-backup-receive"
wrapper "$ops/deploy/backup-srv/btrfs-backup-prune" "$root/usr/sbin/btrfs-backup-prune"
wrapper "$ops/deploy/backup-srv/btrfs-backup-broker" "$root/usr/sbin/btrfs-backup-broker"
wrapper "$ops/bin/btrfs-backup-demo" "$root/usr/sbin/btrfs-backup-demo"
wrapper "$ops/bin/btrfs-backup-console" "$root/usr/bin/btrfs-backup-console"
wrapper "$ops/bin/btrfs-backup-web" "$root/usr/sbin/btrfs-backup-web"

# systemd units: none enabled by the package (postinst enables nothing).
units="$root/lib/systemd/system"
install -d "$units"
for u in prod-srv/btrfs-send-backup.service prod-srv/btrfs-send-backup-run.service \
         prod-srv/btrfs-send-backup-run.timer prod-srv/btrfs-send-backup-failed@.service \
         backup-srv/btrfs-backup-broker.service backup-srv/btrfs-backup-pruner.service \
         backup-srv/btrfs-backup-web.service; do
  install -m 0644 "$ops/deploy/$u" "$units/"
  installed_paths "$units/$(basename "$u")"
done

# sysusers.d and tmpfiles.d: the service users, the ingest home and the web console's users file.
install -D -m 0644 "$here/sysusers.conf" "$root/usr/lib/sysusers.d/$pkg.conf"
install -D -m 0644 "$here/tmpfiles.conf" "$root/usr/lib/tmpfiles.d/$pkg.conf"

# conffiles: the cron lines (all commented out: disabled until the admin uncomments one), the
# receiver's settings (comments only: the seed's defaults) and the config examples.
cron="$root/etc/cron.d"
install -d "$cron"
for c in prod-srv/cron.btrfs-send-backup:btrfs-send-backup backup-srv/btrfs-backup-prune.cron:btrfs-backup-prune; do
  {
    echo "# Disabled by the package: uncomment the line to run from cron instead of the systemd timer"
    echo "# or service (never both). See /usr/share/doc/$pkg/."
    grep -v '^[[:space:]]*$' "$ops/deploy/${c%%:*}" | sed -e 's/^\([^#]\)/#\1/'
  } > "$cron/${c##*:}"
  installed_paths "$cron/${c##*:}"
  chmod 0644 "$cron/${c##*:}"
done
install -D -m 0644 "$ops/deploy/prod-srv/prod.conf.example" "$root/etc/$pkg/prod.conf.example"
install -D -m 0644 "$ops/deploy/backup-srv/broker.conf.example" "$root/etc/$pkg/broker.conf.example"
install -D -m 0644 "$ops/deploy/backup-srv/web.conf.example" "$root/etc/$pkg/web.conf.example"
install -D -m 0600 "$here/btrfs-backup-receive.default" "$root/etc/default/btrfs-backup-receive"
(cd "$root" && find etc -type f | sort | sed 's#^#/#') > "$root/DEBIAN/conffiles"

# documentation and the examples an admin copies into place by hand (sudoers, sshd, keys).
doc="$root/usr/share/doc/$pkg"
install -d "$doc/examples" "$doc/prod-srv" "$doc/backup-srv"
install -m 0644 "$repo/README.md" "$doc/README.md"
install -m 0644 "$ops/deploy/prod-srv/README.md" "$doc/prod-srv/README.md"
install -m 0644 "$ops/deploy/backup-srv/README.md" "$doc/backup-srv/README.md"
for e in backup-srv/sudoers.btrfs-ingest backup-srv/sshd-btrfs-ingest.conf backup-srv/authorized_keys.example \
         prometheus/btrfs-backup.rules.yml; do
  install -m 0644 "$ops/deploy/$e" "$doc/examples/"
  installed_paths "$doc/examples/$(basename "$e")"
done
install -m 0644 "$here/copyright" "$doc/copyright"
{
  echo "$pkg ($version) unstable; urgency=medium"
  echo
  echo "  * Built from the btrfs-send-backup sources."
  echo
  echo " -- btrfs-send-backup developers <btrfs-send-backup@example.org>  $(date -u -R -d @"${SOURCE_DATE_EPOCH:-0}")"
} | gzip -9n > "$doc/changelog.gz"

# man pages and bash completions, generated from the programs' own command definitions
generated="$out/generated-doc"
rm -rf "$generated"
java -cp "$ops/target/classes:$ops/target/lib/*:$ops/target/web-lib/*" org.btrfssendbackup.ops.packaging.CommandDocs "$generated" "$version"
install -d "$root/usr/share/man/man8" "$root/usr/share/man/man1" "$root/usr/share/bash-completion/completions"
for m in "$generated"/man/*.[18]; do
  gzip -9n < "$m" > "$root/usr/share/man/man${m##*.}/$(basename "$m").gz"
  chmod 0644 "$root/usr/share/man/man${m##*.}/$(basename "$m").gz"
done
install -m 0644 "$generated"/completion/* "$root/usr/share/bash-completion/completions/"

install -D -m 0644 "$here/lintian-overrides" "$root/usr/share/lintian/overrides/$pkg"

for s in postinst prerm postrm; do
  sed -e "s/@VERSION@/$version/g" "$here/$s" > "$root/DEBIAN/$s"
  chmod 0755 "$root/DEBIAN/$s"
done
install -m 0644 "$here/triggers" "$root/DEBIAN/triggers"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@SIZE@/$size/" "$here/control" > "$root/DEBIAN/control"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | sort | xargs -d '\n' md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums" "$root/DEBIAN/conffiles"
deb="$out/${pkg}_${version}_all.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "build-deb.sh: $deb"
