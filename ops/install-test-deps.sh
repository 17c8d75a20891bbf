#!/usr/bin/env bash
# Installs the Debian packages the tests and the demo drive for real: btrfs-progs
# (mkfs/send/receive on loop images), OpenSSH (sshd on 127.0.0.1 runs the forced-command
# receiver), gnupg (stock-tool interop), zstd, cryptsetup (LUKS headers), util-linux
# (losetup, mount), sudo (the seed's forced-command line runs the receiver through it).
# systemd only for its tools: systemd-analyze (verify, calendar) and systemd-sysusers check the shipped units.
# prometheus for promtool (check metrics/rules, test rules) and the server the alert system test scrapes with.
# lintian and man-db for the Debian package's check (ops/check-deb.sh: lintian, man -l).
# chromium and chromium-driver for the web console's browser test (Selenium drives /usr/bin/chromium through /usr/bin/chromedriver).
# strace for the test that the console starts programs without the JDK's spawn helper (ProcessLaunchTest).
# The QEMU kit for the remote-btrfs VM is built on demand by ops/vm/build.sh. Idempotent: asks apt only for what is missing.
set -euo pipefail
packages=(btrfs-progs openssh-server openssh-client gnupg zstd cryptsetup-bin util-linux procps sudo systemd prometheus lintian man-db chromium chromium-driver strace)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: missing Debian packages ${missing[*]}; run as root or install them" >&2
    exit 1
  fi
  echo "install-test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# sshd refuses to start without its privilege-separation directory.
install -d -m 0755 /run/sshd
