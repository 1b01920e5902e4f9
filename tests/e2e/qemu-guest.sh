#!/usr/bin/env bash
# A real Linux guest on our TPM engine through QEMU: QEMU (software emulation) with
# `-tpmdev emulator` on `bin/jvtpm socket`'s unix control socket boots Debian's kernel with the
# project's guest image, with tpm-tis and tpm-crb, under SeaBIOS and under OVMF. The firmware's
# TPM sequence and the kernel's probe run against us; the guest must get /dev/tpm0 and
# /dev/tpmrm0, a 2.0 TPM, sysfs PCRs equal to its replayed event log, and tpm2-tools (random, PCRs,
# primary and child keys, signing) through the kernel's resource manager.
#   JVTPM_QEMU_SERVER=swtpm runs the same checks against swtpm (the reference).
#   JVTPM_QEMU_CONFIGS="seabios-tis ovmf-crb" picks a subset.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
server=${JVTPM_QEMU_SERVER:-jvtpm}
configs=${JVTPM_QEMU_CONFIGS:-seabios-tis seabios-crb ovmf-tis ovmf-crb}
tools=${JVTPM_QEMU_TOOLS:-getrandom,pcrread,createprimary,create,load,sign,verifysignature}

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$kernel" ] || { echo "FAIL qemu-guest: no kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)"; exit 1; }
command -v qemu-system-x86_64 >/dev/null || { echo "FAIL qemu-guest: qemu-system-x86_64 missing"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz"

passed=0 failed=0
for cfg in $configs; do
  fw=${cfg%-*} iface=${cfg#*-}
  state="$work/state-$cfg" sock="$work/ctrl-$cfg.sock" log="$work/console-$cfg.log"
  mkdir -p "$state"
  if [ "$server" = swtpm ]; then
    swtpm socket --tpm2 --tpmstate dir="$state" --ctrl type=unixio,path="$sock" --flags not-need-init \
      --log file="$work/server-$cfg.log" & pids+=($!)
  else
    "$root/bin/jvtpm" socket --tpm2 --tpmstate dir="$state" --ctrl type=unixio,path="$sock" --flags not-need-init \
      --log file="$work/server-$cfg.log" & pids+=($!)
  fi
  for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.1; done
  if [ ! -S "$sock" ]; then
    echo "FAIL $server-$cfg: the TPM server did not open $sock"; failed=$((failed + 1)); continue
  fi
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
    echo "FAIL $server-$cfg: QEMU failed or timed out ($(tail -n 2 "$log" | tr '\n' ' '))"
  fi
  end=$(date +%s.%N)
  echo "INFO $server-$cfg: guest ran $(python3 -c "print(round($end-$start,1))") s, /dev/tpm0 at guest uptime $(sed -n 's/.*@@JVTPM uptime-tpm0 \([0-9.]*\).*/\1/p' "$log" | tr -d '\r') s"
  set +e
  python3 "$root/tests/e2e/lib/guest_check.py" "$log" "$server-$cfg" --expect-driver "tpm_$iface" \
    --want-eventlog --tools "$tools" > "$work/check.out"
  set -e
  cat "$work/check.out"
  passed=$((passed + $(grep -c '^PASS' "$work/check.out" || true)))
  failed=$((failed + $(grep -c '^FAIL' "$work/check.out" || true)))
  if grep -q '^FAIL' "$work/check.out"; then
    echo "---- console of $cfg (last 30 lines) ----"; grep -v eventlog-b64 "$log" | tail -n 30
    echo "---- server log of $cfg (last 30 lines) ----"; tail -n 30 "$work/server-$cfg.log" 2>/dev/null || true
  fi
  kill "${pids[-1]}" 2>/dev/null || true
  wait "${pids[-1]}" 2>/dev/null || true
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
