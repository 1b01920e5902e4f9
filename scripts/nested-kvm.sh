#!/usr/bin/env bash
# Run a command where /dev/kvm exists.
#
#   scripts/nested-kvm.sh [--mem 4G] [--cpus 2] [--timeout SECONDS] [--share DIR]... [--force-nested]
#                         -- COMMAND...
#
# With a usable /dev/kvm this simply runs COMMAND (unless --force-nested or NESTED_KVM_FORCE=1).
# NESTED_KVM_TCG=single runs the level-1 CPUs on one host thread instead of one each (to tell a
# fault of multi-threaded TCG from others; guests stalled under both in our runs).
# Otherwise it boots a level-1 Linux (the installed
# Debian kernel) under QEMU's software emulation, whose emulated AMD SVM gives that Linux a real
# /dev/kvm, and runs COMMAND there:
#   - the host's root file system is mounted read-only over 9p and chrooted into (with proc, sys,
#     devtmpfs, devpts and a tmpfs on /tmp), so the host's JVM, Maven repository and build outputs
#     are all visible at their usual paths;
#   - each --share DIR (a host directory) is mounted read-write at the same path inside, so COMMAND
#     can leave results there; NESTED_KVM=1 is set inside;
#   - COMMAND runs as root in the directory this script was started from; its output streams to
#     this script's standard output and its exit code becomes this script's exit code.
# The level-1 initramfs is built once and cached under $JVTPM_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/jvtpm/nested-kvm/<kernel version>).
set -euo pipefail

prog=nested-kvm
die() { echo "$prog: $*" >&2; exit 125; }

mem=4G
cpus=2
timeout_s=3600
shares=()
force=${NESTED_KVM_FORCE:-0}
while [ $# -gt 0 ]; do
  case "$1" in
    --mem) [ $# -ge 2 ] || die "--mem needs a value"; mem=$2; shift 2 ;;
    --cpus) [ $# -ge 2 ] || die "--cpus needs a value"; cpus=$2; shift 2 ;;
    --timeout) [ $# -ge 2 ] || die "--timeout needs a value"; timeout_s=$2; shift 2 ;;
    --share) [ $# -ge 2 ] || die "--share needs a directory"; shares+=("$2"); shift 2 ;;
    --force-nested) force=1; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (usage: $0 [--mem 4G] [--cpus 2] [--timeout S] [--share DIR] -- COMMAND...)" ;;
  esac
done
[ $# -gt 0 ] || die "no COMMAND given (usage: $0 [options] -- COMMAND...)"
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || die "--cpus must be a positive number, got '$cpus'"
[[ "$timeout_s" =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, got '$timeout_s'"
[[ "$mem" =~ ^[1-9][0-9]*[MG]?$ ]] || die "--mem must look like 4G or 2048M, got '$mem'"

if [ "$force" != 1 ] && [ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
  exec "$@"
fi

qemu=$(command -v qemu-system-x86_64 || true)
[ -n "$qemu" ] || die "qemu-system-x86_64 not found (install the Debian package qemu-system-x86)"
busybox=/bin/busybox
[ -x "$busybox" ] && ! ldd "$busybox" >/dev/null 2>&1 \
  || die "a static $busybox is needed (install the Debian package busybox-static)"
command -v cpio >/dev/null || die "cpio not found (install the Debian package cpio)"

# The kernel: the newest /boot/vmlinuz-* that has its modules under /lib/modules.
kver=
for k in $(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V -r); do
  v=${k#/boot/vmlinuz-}
  if [ -d "/lib/modules/$v/kernel" ] && [ -r "$k" ]; then kver=$v; break; fi
done
[ -n "$kver" ] || die "no readable /boot/vmlinuz-<ver> with /lib/modules/<ver> (install linux-image-amd64)"
kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver/kernel

# Modules in load order: KVM for AMD (QEMU's TCG emulates SVM), then virtio-pci and 9p.
modules=(virt/lib/irqbypass drivers/crypto/ccp/ccp arch/x86/kvm/kvm arch/x86/kvm/kvm-amd
  drivers/virtio/virtio_ring drivers/virtio/virtio drivers/virtio/virtio_pci_legacy_dev
  drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci
  fs/netfs/netfs fs/fscache/fscache net/9p/9pnet net/9p/9pnet_virtio fs/9p/9p)

cache=${JVTPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jvtpm}/nested-kvm/$kver
initramfs=$cache/initramfs.cpio.gz
script_sum=$(sha256sum "$0" | cut -c1-16)
if [ ! -s "$initramfs" ] || [ "$(cat "$cache/stamp" 2>/dev/null)" != "$script_sum" ]; then
  echo "$prog: building the level-1 initramfs for $kver in $cache" >&2
  mkdir -p "$cache"
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage"/{bin,sbin,proc,sys,dev,host,ctl,modules,tmp}
  cp "$busybox" "$stage/bin/busybox"
  for m in "${modules[@]}"; do
    f=$(ls "$moddir/$m".ko* 2>/dev/null | head -n 1 || true)
    [ -n "$f" ] || die "kernel module $m missing under $moddir"
    case "$f" in
      *.ko) cp "$f" "$stage/modules/" ;;
      *.ko.xz) xz -dc "$f" >"$stage/modules/$(basename "$m").ko" ;;
      *.ko.zst) zstd -qdc "$f" >"$stage/modules/$(basename "$m").ko" ;;
      *.ko.gz) gzip -dc "$f" >"$stage/modules/$(basename "$m").ko" ;;
      *) die "unsupported module file $f" ;;
    esac
    echo "$(basename "$m")" >>"$stage/modules/order"
  done
  cat >"$stage/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
say() { echo "nested-kvm(L1): $*" >/dev/console; }
while read -r m; do
  insmod "/modules/$m.ko" 2>/dev/null || say "insmod $m failed"
done </modules/order
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 hostroot /host \
  || { say "cannot mount the host root over 9p"; poweroff -f; }
mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=none,msize=512000 ctl /ctl \
  || { say "cannot mount the control share over 9p"; poweroff -f; }
mount -t proc proc /host/proc
mount -t sysfs sysfs /host/sys
mount -t devtmpfs devtmpfs /host/dev
mkdir -p /host/dev/pts /host/dev/shm
mount -t devpts devpts /host/dev/pts
mount -t tmpfs tmpfs /host/dev/shm
mount -t tmpfs -o mode=1777 tmpfs /host/tmp
[ -c /dev/kvm ] || say "no /dev/kvm in level 1 (the CPU model gave no SVM?)"
mount -t tmpfs -o mode=755 tmpfs /host/run
mkdir -p /host/run/nested-kvm-ctl
mount --bind /ctl /host/run/nested-kvm-ctl
# The working directory, when the host keeps it where level 1 mounts its own tmpfs (/tmp, /run).
if [ -s /ctl/cwd ]; then
  dir=$(cat /ctl/cwd)
  mkdir -p "/host$dir" 2>/dev/null
  mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 cwd "/host$dir" \
    || say "cannot mount the working directory $dir"
fi
i=0
while read -r dir; do
  mkdir -p "/host$dir" 2>/dev/null
  mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=none,msize=512000 "share$i" "/host$dir" \
    || say "cannot mount share $dir"
  i=$((i + 1))
done </ctl/shares
echo "@@NESTED-KVM-BEGIN@@" >/dev/console
chroot /host /bin/sh /run/nested-kvm-ctl/cmd.sh </dev/null >/dev/console 2>&1
rc=$?
echo "$rc" >/ctl/rc
sync
echo "@@NESTED-KVM-END rc=$rc@@" >/dev/console
poweroff -f
INIT
  chmod +x "$stage/init"
  tmp=$(mktemp "$cache/initramfs.XXXXXX")
  (cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) >"$tmp"
  mv -f "$tmp" "$initramfs"   # atomic: concurrent runs each build, the last rename wins
  echo "$script_sum" >"$cache/stamp"
  rm -rf "$stage"
  trap - EXIT
fi

ctl=$(mktemp -d "${TMPDIR:-/tmp}/nested-kvm.XXXXXX")
cleanup() { rm -rf "$ctl"; }
trap cleanup EXIT
: >"$ctl/shares"
virtfs=()
i=0
for d in "${shares[@]+"${shares[@]}"}"; do
  [ -d "$d" ] || die "--share $d: not a directory"
  d=$(cd "$d" && pwd -P)
  echo "$d" >>"$ctl/shares"
  virtfs+=(-virtfs "local,path=$d,mount_tag=share$i,security_model=none,multidevs=remap")
  i=$((i + 1))
done

# A working directory under /tmp or /run would be hidden by level 1's own tmpfs there: share it.
: >"$ctl/cwd"
case "$(pwd -P)/" in
  /tmp/*|/run/*)
    pwd -P >"$ctl/cwd"
    virtfs+=(-virtfs "local,path=$(pwd -P),mount_tag=cwd,security_model=none,readonly=on,multidevs=remap") ;;
esac

{
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  printf 'export HOME=%q NESTED_KVM=1 TERM=dumb LANG=C.UTF-8\n' "$HOME"
  for v in CI JAVA_HOME MAVEN_OPTS JAVA_TOOL_OPTIONS $(compgen -v | grep '^JVTPM_' || true); do
    if [ -n "${!v+x}" ]; then printf 'export %s=%q\n' "$v" "${!v}"; fi
  done
  # JVMs in level 1 compile with C1 only. Under multi-threaded TCG a JVM crashed now and then with a
  # SIGSEGV at the first instruction of a C1-compiled method, as if a vCPU ran code that another had
  # just patched; C1-only compilation has no tier transitions, which are what patch method entries.
  if [ -z "${JAVA_TOOL_OPTIONS+x}" ]; then echo 'export JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1'; fi
  printf 'cd %q || exit 126\n' "$PWD"
  printf 'exec'; printf ' %q' "$@"; printf '\n'
} >"$ctl/cmd.sh"

# Stream the console: kernel chatter before the begin marker goes to a log (shown when the VM fails),
# messages of the init go to stderr, COMMAND's output is passed through.
filter() {
  local started=0 line
  while IFS= read -r line; do
    line=${line%$'\r'}
    case "$line" in
      *"@@NESTED-KVM-BEGIN@@"*) started=1 ;;
      *"@@NESTED-KVM-END rc="*) started=2 ;;
      "nested-kvm(L1): "*) echo "$line" >&2 ;;
      *) if [ "$started" = 1 ]; then printf '%s\n' "$line"; else printf '%s\n' "$line" >>"$ctl/console.log"; fi ;;
    esac
  done
}

# NESTED_KVM_GDB=PORT opens QEMU's gdb stub on 127.0.0.1:PORT: a hung level 1 or nested guest can
# then be looked at (gdb -ex 'target remote :PORT' -ex 'info threads'; a vCPU running the nested
# guest shows the guest's registers).
debug=()
[ -z "${NESTED_KVM_GDB:-}" ] || debug=(-gdb "tcp:127.0.0.1:$NESTED_KVM_GDB")
# NESTED_KVM_TCG=single runs level 1's CPUs on one host thread (default multi: a thread each).
tcg=${NESTED_KVM_TCG:-multi}
case "$tcg" in single|multi) ;; *) die "NESTED_KVM_TCG must be single or multi, got '$tcg'" ;; esac
set +e
timeout --foreground -k 10 "$timeout_s" "$qemu" "${debug[@]+"${debug[@]}"}" -accel "tcg,thread=$tcg" -cpu max -m "$mem" -smp "$cpus" \
  -machine q35 -kernel "$kernel" -initrd "$initramfs" -nographic -no-reboot -nodefaults \
  -serial stdio -monitor none -display none \
  -append 'console=ttyS0 panic=-1 quiet loglevel=3 8250.nr_uarts=1' \
  -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
  -virtfs "local,path=$ctl,mount_tag=ctl,security_model=none,multidevs=remap" \
  "${virtfs[@]+"${virtfs[@]}"}" </dev/null | filter
status=("${PIPESTATUS[@]}")
set -e
if [ "${status[0]}" = 124 ] || [ "${status[0]}" = 137 ]; then
  die "timed out after ${timeout_s}s"
fi
if [ -s "$ctl/rc" ]; then
  exit "$(cat "$ctl/rc")"
fi
if [ -s "$ctl/console.log" ]; then
  echo "$prog: last console lines of the level-1 VM:" >&2
  tail -n 30 "$ctl/console.log" >&2
fi
die "the level-1 VM stopped without reporting an exit code (qemu status ${status[0]})"
