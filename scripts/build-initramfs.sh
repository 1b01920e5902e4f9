#!/usr/bin/env bash
# Builds the guest image: a small initramfs from Debian's packages (busybox-static, tpm2-tools and
# their library closure, the tss2 TCTIs, the kernel's ACPI button and evdev modules) whose /init (tests/guest/init.sh) checks the TPM, prints
# parseable "@@JVTPM ..." lines on the console and powers the guest off.
#   usage: scripts/build-initramfs.sh OUT.cpio.gz
set -euo pipefail
out=${1:?usage: build-initramfs.sh OUT.cpio.gz}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
for tool in busybox tpm2 cpio gzip ldd; do
  command -v "$tool" >/dev/null || { echo "build-initramfs: missing $tool (run scripts/install-peers.sh)" >&2; exit 1; }
done
bb=$(command -v busybox)
file -L "$bb" 2>/dev/null | grep -q "statically linked" || [ -x /bin/busybox ] || true

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,sbin,dev,proc,sys,tmp,etc,lib,lib64,usr/lib/x86_64-linux-gnu,var/run,mnt}

cp "$bb" "$work/bin/busybox"
for applet in $("$work/bin/busybox" --list); do
  [ -e "$work/bin/$applet" ] || ln -s busybox "$work/bin/$applet"
done

# tpm2-tools: one multi-call binary, the tools are links to it.
cp /usr/bin/tpm2 "$work/bin/tpm2"
for t in /usr/bin/tpm2_*; do ln -sf tpm2 "$work/bin/$(basename "$t")"; done

# Libraries: the closure of tpm2 and of the TCTIs it opens at run time.
libs=(/usr/bin/tpm2 /usr/lib/x86_64-linux-gnu/libtss2-tcti-device.so.0 /usr/lib/x86_64-linux-gnu/libtss2-tctildr.so.0)
copy_lib() {
  local f=$1 dest
  dest="$work$f"
  [ -e "$dest" ] && return 0
  mkdir -p "$(dirname "$dest")"
  cp -L "$f" "$dest"
}
for b in "${libs[@]}"; do
  [ -e "$b" ] || { echo "build-initramfs: missing $b (install tpm2-tools)" >&2; exit 1; }
  [[ $b == *.so* ]] && copy_lib "$b"
  while read -r lib; do copy_lib "$lib"; done < <(ldd "$b" | grep -oE '/[^ ]+\.so[^ ]*')
done
# ldd names some libraries under /lib, the TCTI loader searches the multiarch dir: link both ways.
for f in "$work"/lib/x86_64-linux-gnu/*; do
  [ -e "$f" ] || continue
  ln -sf "/lib/x86_64-linux-gnu/$(basename "$f")" "$work/usr/lib/x86_64-linux-gnu/$(basename "$f")" 2>/dev/null || true
done

# The ACPI power button driver and the event device it reports through (modules in Debian's kernel):
# /init loads them to wait for the host's power button (jvtpm.power-button=wait), for each kernel
# version this machine has modules of.
for mods in /lib/modules/*/kernel; do
  [ -d "$mods" ] || continue
  ver=$(basename "$(dirname "$mods")")
  for m in drivers/input/evdev.ko drivers/acpi/button.ko; do
    if [ -f "$mods/$m" ]; then
      mkdir -p "$work/lib/modules/$ver"
      cp "$mods/$m" "$work/lib/modules/$ver/"
    fi
  done
done

install -m 0755 "$root/tests/guest/init.sh" "$work/init"
echo "root:x:0:0:root:/:/bin/sh" > "$work/etc/passwd"
echo "root:x:0:" > "$work/etc/group"

mkdir -p "$(dirname "$out")"
(cd "$work" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -6) > "$out.tmp"
mv "$out.tmp" "$out"
echo "build-initramfs: wrote $out ($(du -h "$out" | cut -f1))" >&2
