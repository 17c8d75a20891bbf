#!/bin/bash
# Prepares the cached kit of the backup-srv test VM: Debian's kernel (unpacked, never
# installed as this machine's kernel), the kernel modules the VM needs, and a busybox
# initramfs whose /init is ops/vm/init. See ops/vm/README.md.
#
# Usage: ops/vm/build.sh            prints the path of the kit's env file (KERNEL=, INITRD=...)
# Env:   BTRFS_BACKUP_VM_CACHE      cache directory (default /var/cache/btrfs-send-backup-vm)
#        BTRFS_BACKUP_VM_REFRESH=yes fetch the current Debian kernel even when one is cached
#
# Everything is keyed by version, so a second run with nothing changed only checks and prints.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${BTRFS_BACKUP_VM_CACHE:-/var/cache/btrfs-send-backup-vm}

# Modules /init loads, in this order; dependencies come from the kernel's modules.dep.
# A leading '?' marks a module that may be missing or refuse to load (CPU-specific speedups).
MODULES=(
    virtio_pci virtio_blk virtio_net virtio_rng 9pnet_virtio 9p overlay loop
    dm_mod dm_crypt ecb xts essiv '?aesni_intel' '?sha256_ssse3' sha512_generic
    af_alg algif_skcipher algif_hash
    crc32c_generic '?crc32c_intel' xxhash_generic blake2b_generic btrfs
)

log() { echo "build.sh: $*" >&2; }
die() { echo "build.sh: FAILED: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (apt-get, and QEMU's 9p export of / as root)"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9   # two test JVMs may build at once

apt_updated=no
apt_update_once() {
    if [ "$apt_updated" = no ]; then
        log "apt-get update"
        apt-get update -qq >&2 || die "apt-get update"
        apt_updated=yes
    fi
}

# --- host tools: QEMU and a static busybox ---------------------------------------------
missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
# busybox-static replaces the dynamically linked busybox package: the initramfs has no libc.
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'install ok installed' \
    || missing+=(busybox-static)
if [ ${#missing[@]} -gt 0 ]; then
    apt-cache show "${missing[@]}" >/dev/null 2>&1 || apt_update_once
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]}"
fi

# --- kernel: the image package linux-image-amd64 depends on -----------------------------
kernel_package() {
    apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'
}
newest_cached_kernel() {
    ls -1d "$CACHE"/kernel/linux-image-*_* 2>/dev/null | grep -v '\.tmp$' | sort -V | tail -1
}
kdir=$(newest_cached_kernel || true)
# A cached kernel is reused as is (asking apt costs seconds on every test run); any Debian
# kernel will do for a test VM. BTRFS_BACKUP_VM_REFRESH=yes fetches the current one.
if [ -z "$kdir" ] || [ ! -f "$kdir/.complete" ] || [ "${BTRFS_BACKUP_VM_REFRESH:-}" = yes ]; then
    pkg=$(kernel_package || true)
    if [ -z "$pkg" ]; then
        apt_update_once
        pkg=$(kernel_package || true)
    fi
    [ -n "$pkg" ] || die "apt cannot resolve linux-image-amd64 to a kernel image package"
    version=$(apt-cache policy "$pkg" | awk '/Candidate:/ {print $2}')
    kdir="$CACHE/kernel/${pkg}_${version}"
fi
pkg=$(basename "$kdir" | sed 's/_.*//')
if [ ! -f "$kdir/.complete" ]; then
    log "fetching $pkg into $kdir"
    rm -rf "$kdir" "$kdir.tmp"
    mkdir -p "$kdir.tmp/deb"
    (cd "$kdir.tmp/deb" && apt-get download "$pkg" >&2 2>/dev/null) \
        || { apt_update_once; (cd "$kdir.tmp/deb" && apt-get download "$pkg" >&2); } \
        || die "apt-get download $pkg"
    # Unpack only: dpkg-deb -x never runs maintainer scripts or touches this machine's /boot.
    dpkg-deb -x "$kdir.tmp"/deb/*.deb "$kdir.tmp/root"
    rm -rf "$kdir.tmp/deb"
    kver=$(ls "$kdir.tmp/root/lib/modules")
    # The package ships no modules.dep (its postinst runs depmod); busybox's depmod writes it.
    /bin/busybox depmod -b "$kdir.tmp/root" "$kver"
    echo "$kver" > "$kdir.tmp/kernel-release"
    touch "$kdir.tmp/.complete"
    mv "$kdir.tmp" "$kdir"
fi
kver=$(cat "$kdir/kernel-release")
vmlinuz="$kdir/root/boot/vmlinuz-$kver"
[ -f "$vmlinuz" ] || die "no kernel image $vmlinuz"

# --- initramfs: keyed by kernel, busybox, /init and the module list ----------------------
key=$( { echo "$kdir"; dpkg-query -W -f='${Version}' busybox-static; cat "$HERE/init" "$HERE/build.sh"; } | sha256sum | cut -c1-16)
idir="$CACHE/initramfs/$key"
if [ ! -f "$idir/.complete" ]; then
    log "building initramfs $idir"
    rm -rf "$idir" "$idir.tmp"
    mkdir -p "$idir.tmp"
    tree="$idir.tmp/tree"
    mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,lower,rw,newroot,lib/modules/"$kver"}
    cp /bin/busybox "$tree/bin/busybox"
    install -m 0755 "$HERE/init" "$tree/init"
    moddir="$kdir/root/lib/modules/$kver"
    # modules.dep lines: "kernel/path/name.ko: kernel/dep1.ko kernel/dep2.ko"
    resolve() {   # name -> relative path of its .ko ('-' and '_' are the same in module names)
        local want=${1//-/_}
        awk -F: -v want="$want" '{ n=$1; sub(/.*\//, "", n); sub(/\.ko(\.xz|\.zst)?$/, "", n);
            gsub(/-/, "_", n); if (n == want) { print $1; exit } }' "$moddir/modules.dep"
    }
    : > "$tree/etc/vm-modules"
    declare -A copied=()
    copy_with_deps() {   # relative .ko path
        [ -n "${copied[$1]:-}" ] && return
        copied[$1]=1
        mkdir -p "$tree/lib/modules/$kver/$(dirname "$1")"
        cp "$moddir/$1" "$tree/lib/modules/$kver/$1"
        local dep
        for dep in $(awk -F: -v m="$1" '$1 == m { print $2; exit }' "$moddir/modules.dep"); do
            copy_with_deps "$dep"
        done
    }
    for m in "${MODULES[@]}"; do
        name=${m#\?}
        path=$(resolve "$name")
        if [ -z "$path" ]; then
            if grep -qE "/${name//_/[-_]}\.ko" "$moddir/modules.builtin" 2>/dev/null; then
                continue   # built into the kernel
            fi
            [ "$m" != "$name" ] && continue
            die "kernel $kver has no module $name"
        fi
        copy_with_deps "$path"
        echo "$m" >> "$tree/etc/vm-modules"
    done
    cp "$moddir"/modules.builtin* "$moddir/modules.order" "$tree/lib/modules/$kver/" 2>/dev/null || true
    /bin/busybox depmod -b "$tree" "$kver"
    (cd "$tree" && find . -mindepth 1 | LC_ALL=C sort | /bin/busybox cpio -o -H newc 2>/dev/null) | gzip -1 > "$idir.tmp/initramfs.cpio.gz"
    rm -rf "$tree"
    touch "$idir.tmp/.complete"
    mv "$idir.tmp" "$idir"
    # Older initramfs builds are never used again (QEMU reads -initrd only when it starts).
    find "$CACHE/initramfs" -mindepth 1 -maxdepth 1 ! -name "$key" -exec rm -rf {} +
fi

env_file="$CACHE/kit.env"
cat > "$env_file.tmp" <<KIT
KERNEL=$vmlinuz
INITRD=$idir/initramfs.cpio.gz
KERNEL_RELEASE=$kver
KERNEL_PACKAGE=$(basename "$kdir")
QEMU=$(command -v qemu-system-x86_64)
KIT
mv "$env_file.tmp" "$env_file"
echo "$env_file"
