#!/bin/bash
# Boots the backup-srv test VM (see ops/vm/README.md).
#
# Usage: ops/vm/run.sh [--port N] [--memory MB] [--disk IMAGE]... [--background] VM_DIR
#
#   VM_DIR        per-VM directory, shared read-write with the VM as /vm; created and filled
#                 on first use: ssh host key, client key id_ed25519 (root's key), sshd_config,
#                 known_hosts, ssh_config; the VM writes boot.log and sshd.log there.
#   --port N      host port forwarded to the VM's sshd (127.0.0.1:N -> 10.0.2.15:22)
#   --disk IMAGE  a raw disk image, attached as virtio disk: the first is /dev/vda in the VM,
#                 the next /dev/vdb ...
#   --background  start QEMU detached, wait until sshd answers, print how to log in, exit
#                 (without it QEMU runs in the foreground, as the Java fixture uses it)
#
# Env: BTRFS_BACKUP_VM_CACHE (see build.sh), BTRFS_BACKUP_VM_ACCEL (tcg by default: this
#      machine's /dev/kvm exists but hangs guests; "kvm" where nested virtualisation works).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
port=
memory=1024
background=no
disks=()
while [ $# -gt 0 ]; do
    case "$1" in
        --port) port=$2; shift 2 ;;
        --memory) memory=$2; shift 2 ;;
        --disk) disks+=("$(realpath "$2")"); shift 2 ;;
        --background) background=yes; shift ;;
        -*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -eq 1 ] || { sed -n '4,18p' "$0" >&2; exit 2; }
mkdir -p "$1"
vm_dir=$(realpath "$1")

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "$port" ]; then
    port=$((20000 + RANDOM % 20000))
    while ! port_free "$port"; do port=$((20000 + RANDOM % 20000)); done
fi

# shellcheck disable=SC1090
. "$("$HERE/build.sh")"

# --- the per-VM directory: keys and sshd config, kept across boots ----------------------
chmod go-w "$vm_dir"
if [ ! -f "$vm_dir/ssh_host_ed25519_key" ]; then
    ssh-keygen -q -t ed25519 -N '' -C backup-srv-vm-host -f "$vm_dir/ssh_host_ed25519_key"
fi
if [ ! -f "$vm_dir/id_ed25519" ]; then
    ssh-keygen -q -t ed25519 -N '' -C backup-srv-vm-root -f "$vm_dir/id_ed25519"
fi
mkdir -p "$vm_dir/authorized_keys.d"
chmod 0755 "$vm_dir/authorized_keys.d"
install -m 0600 "$vm_dir/id_ed25519.pub" "$vm_dir/authorized_keys.d/root"
cat > "$vm_dir/sshd_config" <<CONF
# sshd of the backup-srv test VM, written by ops/vm/run.sh. Paths are inside the VM.
Port 22
HostKey /vm/ssh_host_ed25519_key
PidFile /run/sshd.pid
# Keys come from the per-VM directory; users created inside the VM (the receiver's ingest
# user) may also use their own ~/.ssh/authorized_keys, with forced commands as on backup-srv.
AuthorizedKeysFile /vm/authorized_keys.d/%u .ssh/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# Debian's default, and needed: the seed's ingest user has a locked password (passwd -l),
# which sshd without PAM takes as "account locked" even for key logins.
UsePAM yes
UseDNS no
PrintMotd no
LogLevel VERBOSE
Subsystem sftp internal-sftp
# root's home is the host's /root seen through the overlay: never trust keys found there.
Match User root
    AuthorizedKeysFile /vm/authorized_keys.d/root
CONF
echo "[127.0.0.1]:$port $(cat "$vm_dir/ssh_host_ed25519_key.pub")" > "$vm_dir/known_hosts"
cat > "$vm_dir/ssh_config" <<CONF
# ssh -F $vm_dir/ssh_config backup-srv-vm
Host backup-srv-vm
    HostName 127.0.0.1
    Port $port
    User root
    IdentityFile $vm_dir/id_ed25519
    IdentitiesOnly yes
    UserKnownHostsFile $vm_dir/known_hosts
    StrictHostKeyChecking yes
    BatchMode yes
CONF
echo "$port" > "$vm_dir/port"
rm -f "$vm_dir/boot.log" "$vm_dir/sshd.log"

qemu=(
    "$QEMU" -accel "${BTRFS_BACKUP_VM_ACCEL:-tcg}" -cpu max -machine q35 -m "$memory" -smp 1
    -nodefaults -no-user-config -display none -no-reboot
    -serial "file:$vm_dir/boot.log"
    -kernel "$KERNEL" -initrd "$INITRD"
    # panic=-1 with -no-reboot: a failed boot ends QEMU at once instead of idling.
    -append "console=ttyS0 panic=-1 quiet"
    # The host's root, read-only: the VM runs this machine's own binaries. multidevs=remap
    # keeps inode numbers unique across the host's mounts.
    -virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
    -virtfs "local,path=$vm_dir,mount_tag=vmdir,security_model=none"
    -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$port-:22"
    -device virtio-net-pci,netdev=n0
    -device virtio-rng-pci
    -pidfile "$vm_dir/qemu.pid"
)
for disk in "${disks[@]}"; do
    qemu+=(-drive "file=$disk,if=virtio,format=raw")
done

if [ "$background" = no ]; then
    exec "${qemu[@]}"
fi

"${qemu[@]}" -daemonize 2> "$vm_dir/qemu.log"
for _ in $(seq 1 240); do
    # QEMU accepts on the forwarded port even before the guest listens: wait for sshd's banner.
    if timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" && head -c 4 <&3' "$port" 2>/dev/null | grep -q SSH-; then
        echo "backup-srv VM up (QEMU pid $(cat "$vm_dir/qemu.pid")); log in with:"
        echo "  ssh -F $vm_dir/ssh_config backup-srv-vm"
        echo "stop it with: ssh -F $vm_dir/ssh_config backup-srv-vm busybox poweroff"
        exit 0
    fi
    if ! kill -0 "$(cat "$vm_dir/qemu.pid" 2>/dev/null)" 2>/dev/null; then
        echo "run.sh: QEMU exited; boot log $vm_dir/boot.log:" >&2
        tail -30 "$vm_dir/boot.log" >&2
        exit 1
    fi
    sleep 1
done
echo "run.sh: sshd did not answer within 240 s; boot log $vm_dir/boot.log" >&2
tail -30 "$vm_dir/boot.log" >&2
exit 1
