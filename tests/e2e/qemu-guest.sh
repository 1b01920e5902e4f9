#!/usr/bin/env bash
# A real Linux guest on our TPM engine through QEMU: QEMU (software emulation) with
# `-tpmdev emulator` on `bin/jvtpm socket`'s unix control socket boots Debian's kernel with the
# project's guest image, with tpm-tis and tpm-crb, under SeaBIOS and under OVMF. The firmware's
# TPM sequence and the kernel's probe run against us; the guest must get /dev/tpm0 and
# /dev/tpmrm0, a 2.0 TPM, sysfs PCRs equal to its replayed event log, and tpm2-tools (random, PCRs,
# primary and child keys, signing) through the kernel's resource manager. The firmware's random
# platformAuth refuses the guest's platform commands (TPM_RC_BAD_AUTH), and PCR_Reset(17) from the
# guest's locality 0 is TPM_RC_LOCALITY.
#   JVTPM_QEMU_SERVER=swtpm runs the same checks against swtpm (the reference).
#   JVTPM_QEMU_CONFIGS="seabios-tis ovmf-crb" picks a subset.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin qemu-guest ""
server=${JVTPM_QEMU_SERVER:-jvtpm}
configs=${JVTPM_QEMU_CONFIGS:-seabios-tis seabios-crb ovmf-tis ovmf-crb}
tools=${JVTPM_QEMU_TOOLS:-getrandom,pcrread,createprimary,create,load,sign,verifysignature}

need qemu-system-x86_64:"Debian package qemu-system-x86" python3
[ "$server" = swtpm ] && need swtpm || need_jvtpm
kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$kernel" ] || abort "no kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)"
"$e2e_root/scripts/build-initramfs.sh" "$work/guest.cpio.gz"

for cfg in $configs; do
  fw=${cfg%-*} iface=${cfg#*-}
  state="$work/state-$cfg" sock="$work/ctrl-$cfg.sock" log="$work/console-$cfg.log"
  mkdir -p "$state"
  tpm_server "server-$cfg" "$server" --tpm2 --tpmstate dir="$state" --ctrl type=unixio,path="$sock" \
    --flags not-need-init --log file="$work/server-$cfg.log" || continue
  fwargs=()
  if [ "$fw" = ovmf ]; then
    cp /usr/share/OVMF/OVMF_VARS.fd "$work/vars-$cfg.fd"
    fwargs=(-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/OVMF/OVMF_CODE.fd
            -drive if=pflash,format=raw,unit=1,file="$work/vars-$cfg.fd")
  fi
  start=$(date +%s.%N)
  if ! timeout 240 qemu-system-x86_64 -accel tcg -machine pc -m 512 -display none -serial stdio -monitor none \
      -no-reboot -cpu qemu64,vendor=GenuineIntel "${fwargs[@]}" \
      -kernel "$kernel" -initrd "$work/guest.cpio.gz" -append 'console=ttyS0 panic=-1 quiet loglevel=3' \
      -chardev socket,id=chrtpm,path="$sock" -tpmdev emulator,id=tpm0,chardev=chrtpm \
      -device "tpm-$iface,tpmdev=tpm0" > "$log" 2>&1 < /dev/null; then
    fail "$server-$cfg: QEMU failed or timed out ($(tail -n 2 "$log" | tr '\n' ' '))"
  fi
  end=$(date +%s.%N)
  echo "INFO $server-$cfg: guest ran $(python3 -c "print(round($end-$start,1))") s, /dev/tpm0 at guest uptime $(sed -n 's/.*@@JVTPM uptime-tpm0 \([0-9.]*\).*/\1/p' "$log" | tr -d '\r') s"
  set +e
  # SeaBIOS and OVMF close the platform hierarchy with a random platformAuth
  python3 "$e2e_root/tests/e2e/lib/guest_check.py" "$log" "$server-$cfg" --expect-driver "tpm_$iface" \
    --want-eventlog --tools "$tools" --platform-closed auth > "$work/check.out"
  set -e
  cat "$work/check.out"
  count_results "$work/check.out"
  if grep -q '^FAIL' "$work/check.out"; then
    echo "---- console of $cfg (last 30 lines) ----"; grep -v eventlog-b64 "$log" | tail -n 30
    echo "---- server log of $cfg (last 30 lines) ----"; tail -n 30 "$work/server-$cfg.log" 2>/dev/null || true
  fi
  server_stop "$SERVER_PID" || true
done
finish
