#!/usr/bin/env bash
# The main job: boot a stock Debian Linux guest on jvtpm's own KVM launcher (`bin/jvtpm boot`)
# with jvtpm's TPM, and show the guest's view of it: driver, /dev/tpm*, PCRs checked against the
# replayed event log of the launcher's measured boot, PPI, tpm2-tools results, and that the TPM
# refuses the guest what needs platform authority (tpm2_clear -c p, tpm2_changeeps, ...) and
# PCR_Reset(17).
# Uses real KVM where /dev/kvm offers hardware virtualization, and otherwise the nested rig
# (scripts/nested-kvm.sh: a KVM-capable Linux under QEMU's software emulation).
# Installs what it needs on a fresh Debian 12 machine and builds the project first.
#   --tpm tis|crb   the interface the guest drives (default tis)
#   --qemu          boot the guest under QEMU instead, with jvtpm's engine behind -tpmdev emulator
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../tests/e2e/lib/common.sh"
root=$e2e_root
iface=tis
runner=launcher
while [ $# -gt 0 ]; do
  case "$1" in
    --tpm) iface=${2:?--tpm needs tis or crb}; shift 2 ;;
    --qemu) runner=qemu; shift ;;
    *) echo "main: unknown argument '$1' (use --tpm tis|crb, --qemu)" >&2; exit 2 ;;
  esac
done
case "$iface" in tis|crb) ;; *) echo "main: --tpm must be tis or crb, not '$iface'" >&2; exit 2 ;; esac

bash "$root/scripts/install-peers.sh"
(cd "$root" && mvn -q -B -ntp install -DskipTests)

e2e_begin main
kernel=$(guest_kernel) || { echo "main: no kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)" >&2; exit 1; }
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz"
append='console=ttyS0 panic=-1 quiet loglevel=3'
show() { tee "$work/console.log" | grep --line-buffered -av 'eventlog-b64'; }

if [ "$runner" = launcher ]; then
  rig_args "$work"
  if [[ " ${RIG_ARGS[*]} " != *" --force-nested "* ]] && [ -c /dev/kvm ]; then
    echo "main: booting $(basename "$kernel") on bin/jvtpm boot with real KVM, TPM on $iface ..." >&2
  else
    echo "main: no hardware KVM here: booting $(basename "$kernel") on bin/jvtpm boot inside the nested rig, TPM on $iface ..." >&2
  fi
  # bin/jvtpm makes its class-data archive when the jars are newer; the rig sees this tree read-only
  "$root/bin/jvtpm" --help > /dev/null
  cd "$root"
  "$root/scripts/nested-kvm.sh" "${RIG_ARGS[@]}" -- bash -c 'exec 2>"$0"; exec "$@"' "$work/launcher.log" \
    "$root/bin/jvtpm" boot --kernel "$kernel" --initrd "$work/guest.cpio.gz" --tpm "$iface" \
    --ppi-policy deny --memory 512M --append "$append" < /dev/null | show
else
  mkdir -p "$work/state"
  tpm_server socket jvtpm --tpm2 --tpmstate dir="$work/state" --ctrl type=unixio,path="$work/ctrl.sock" \
    --flags not-need-init || { cat "$work/socket.out" >&2; exit 1; }
  echo "main: booting $(basename "$kernel") under QEMU with jvtpm's engine behind tpm-$iface ..." >&2
  qemu-system-x86_64 -accel tcg -machine pc -m 512 -display none -serial stdio -monitor none -no-reboot \
    -cpu qemu64,vendor=GenuineIntel -kernel "$kernel" -initrd "$work/guest.cpio.gz" -append "$append" \
    -chardev socket,id=chrtpm,path="$work/ctrl.sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
    -device "tpm-$iface,tpmdev=tpm0" < /dev/null | show
fi
# the launcher closes the platform hierarchy with phEnable CLEAR; QEMU's SeaBIOS with a random platformAuth
closed=hierarchy
[ "$runner" = launcher ] || closed=auth
python3 "$root/tests/e2e/lib/guest_check.py" "$work/console.log" "guest-$iface" \
  --expect-driver "tpm_$iface" --want-eventlog --tools getrandom,pcrread --platform-closed "$closed"
