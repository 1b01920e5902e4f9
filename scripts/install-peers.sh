#!/usr/bin/env bash
# Installs what jvtpm's build and tests need on a Debian 12 machine: the JDK and Maven, and the
# real peers the tests talk to (swtpm/libtpms, tpm2-tools, QEMU and a Linux kernel, iasl/acpiexec,
# gcc with linux/kvm.h, SeaBIOS and OVMF, systemd-cryptenroll with cryptsetup-bin; systemd loads
# tpm2-tss's libraries, which tpm2-tools brings, at run time). Idempotent: installs only what is missing.
set -euo pipefail

packages=(
  openjdk-17-jdk-headless maven
  gcc libc6-dev linux-libc-dev make
  swtpm swtpm-tools libtpms0 tpm2-tools openssl
  qemu-system-x86 qemu-utils linux-image-amd64 busybox-static seabios ovmf
  acpica-tools cpio kmod python3 xxd
  systemd cryptsetup-bin
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-peers: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The kernel image must be readable by the user who boots it under QEMU.
for k in /boot/vmlinuz-*; do
  [ -r "$k" ] || { echo "install-peers: $k is not readable (run as root or chmod a+r it)" >&2; exit 1; }
done
echo "install-peers: all peers present" >&2
