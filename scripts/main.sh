#!/usr/bin/env bash
# The main job: boot a stock Debian Linux guest whose TPM is jvtpm, and show the guest's view of
# it (driver, /dev/tpm*, PCRs, event log replay, tpm2-tools results).
# Installs what it needs on a fresh Debian 12 machine and builds the project first.
#   --tpm tis|crb   the interface the guest drives (default tis)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
iface=tis
while [ $# -gt 0 ]; do
  case "$1" in
    --tpm) iface=${2:?--tpm needs tis or crb}; shift 2 ;;
    *) echo "main: unknown argument '$1' (use --tpm tis|crb)" >&2; exit 2 ;;
  esac
done
case "$iface" in tis|crb) ;; *) echo "main: --tpm must be tis or crb, not '$iface'" >&2; exit 2 ;; esac

bash "$root/scripts/install-peers.sh"
(cd "$root" && mvn -q -B -ntp install -DskipTests)

# The guest runs under QEMU (software emulation) with jvtpm's engine behind -tpmdev emulator.
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
kernel=$(ls /boot/vmlinuz-* | sort -V | tail -n 1)
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz"
mkdir -p "$work/state"
"$root/bin/jvtpm" socket --tpm2 --tpmstate dir="$work/state" --ctrl type=unixio,path="$work/ctrl.sock" \
  --flags not-need-init &
for _ in $(seq 1 100); do [ -S "$work/ctrl.sock" ] && break; sleep 0.1; done
echo "main: booting $(basename "$kernel") under QEMU with a jvtpm TPM on tpm-$iface ..." >&2
qemu-system-x86_64 -accel tcg -machine pc -m 512 -display none -serial stdio -monitor none -no-reboot \
  -cpu qemu64,vendor=GenuineIntel -kernel "$kernel" -initrd "$work/guest.cpio.gz" \
  -append 'console=ttyS0 panic=-1 quiet loglevel=3' \
  -chardev socket,id=chrtpm,path="$work/ctrl.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
  -device "tpm-$iface,tpmdev=tpm0" < /dev/null | tee "$work/console.log" | grep --line-buffered -v 'eventlog-b64'
python3 "$root/tests/e2e/lib/guest_check.py" "$work/console.log" "guest-$iface" \
  --expect-driver "tpm_$iface" --want-eventlog --tools getrandom,pcrread
