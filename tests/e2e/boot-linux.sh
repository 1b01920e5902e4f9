#!/usr/bin/env bash
# `jvtpm boot` end to end: Debian's bzImage with the project's guest image boots under real KVM
# (scripts/nested-kvm.sh gives a KVM where there is none) on jvtpm's own launcher and TPM, with
# TIS and with CRB. The guest must find a 2.0 TPM (/dev/tpm0, /dev/tpmrm0), its sysfs PCRs must
# equal its replayed event log (the launcher's measured boot), tpm2-tools must work, and the guest's
# power-off must end the command with status 0. The "ppi" run checks the reset path: the guest asks
# for PPI operation 5 (TPM2_Clear) through the _DSM and reboots; the launcher's reset runs the PPI
# executor (policy allow) and boots again, and that second boot must read "5 0: Success".
#   JVTPM_BOOT_CONFIGS="tis" picks a subset of "tis crb ppi"; JVTPM_BOOT_TIMEOUT (seconds, default 900) bounds each run.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
configs=${JVTPM_BOOT_CONFIGS:-tis crb ppi}
limit=${JVTPM_BOOT_TIMEOUT:-900}
tools=${JVTPM_BOOT_TOOLS:-getrandom,pcrread}

kernel=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
[ -n "$kernel" ] || { echo "FAIL boot: no kernel in /boot (scripts/install-peers.sh installs linux-image-amd64)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A /dev/kvm without VMX/SVM in the CPU flags is not hardware virtualization (e.g. a paravirtual
# stand-in); boot inside the nested rig's KVM then.
nested=(--share "$work")
grep -qE '^flags.*\b(vmx|svm)\b' /proc/cpuinfo || nested+=(--force-nested)
"$root/scripts/build-initramfs.sh" "$work/guest.cpio.gz" >/dev/null

passed=0 failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }

# A bad invocation is refused with a one-line error and status 2, before any KVM is needed.
set +e
err=$("$root/bin/jvtpm" boot --kernel "$work/missing-bzImage" 2>&1 >/dev/null); rc=$?
set -e
if [ "$rc" -eq 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] && [[ "$err" == *"does not exist"* ]]; then
  pass "boot: a missing kernel gives one line and status 2"
else
  fail "boot: a missing kernel gave status $rc and '$err'"
fi

cd "$root"   # the rig runs COMMAND in the caller's directory, which must exist inside it
for iface in $configs; do
  [ "$iface" = ppi ] && continue
  log="$work/console-$iface.log"
  start=$(date +%s)
  set +e
  # The launcher's own log goes to a file: inside the rig its stderr would mix with the console.
  "$root/scripts/nested-kvm.sh" "${nested[@]}" --timeout "$limit" -- bash -c 'exec 2>"$0"; exec "$@"' "$log.err" \
    timeout "$limit" "$root/bin/jvtpm" boot \
    --kernel "$kernel" --initrd "$work/guest.cpio.gz" --tpm "$iface" --ppi-policy deny --memory 512M \
    --append 'console=ttyS0 panic=-1 quiet loglevel=3' > "$log" 2>> "$log.err" < /dev/null
  rc=$?
  set -e
  echo "INFO boot-$iface: ran $(( $(date +%s) - start )) s"
  if [ "$rc" -eq 0 ]; then pass "boot-$iface: the guest powered off and the command ended with 0"
  else fail "boot-$iface: status $rc ($(tail -n 3 "$log.err" | tr '\n' ' '))"; fi
  set +e
  python3 "$root/tests/e2e/lib/guest_check.py" "$log" "boot-$iface" --expect-driver "tpm_$iface" \
    --want-eventlog --tools "$tools" > "$work/check.out"
  set -e
  cat "$work/check.out"
  passed=$((passed + $(grep -c '^PASS' "$work/check.out" || true)))
  failed=$((failed + $(grep -c '^FAIL' "$work/check.out" || true)))
  if grep -q '^FAIL' "$work/check.out" || [ "$rc" -ne 0 ]; then
    echo "---- console of boot-$iface (last 30 lines) ----"; grep -v eventlog-b64 "$log" | tail -n 30
    echo "---- launcher log of boot-$iface (last 20 lines) ----"; tail -n 20 "$log.err"
  fi
done
if [[ " $configs " == *" ppi "* ]]; then
  log="$work/console-ppi.log"
  # The guest image asks again after every reboot, so the run is ended (inside the rig) once the
  # second boot has shown the outcome.
  watch='log=$1; shift; "$@" > "$log" < /dev/null & pid=$!; while kill -0 "$pid" 2>/dev/null; do if grep -q "@@JVTPM ppi response 5 0: Success" "$log"; then kill "$pid"; wait "$pid"; exit 0; fi; sleep 1; done; wait "$pid"'
  set +e
  "$root/scripts/nested-kvm.sh" "${nested[@]}" --timeout "$limit" -- bash -c 'exec 2>"$0"; exec bash -c "$@"' \
    "$log.err" "$watch" watch "$log" timeout "$limit" "$root/bin/jvtpm" boot \
    --kernel "$kernel" --initrd "$work/guest.cpio.gz" --tpm tis --ppi-policy allow --memory 512M \
    --append 'console=ttyS0 panic=-1 quiet loglevel=3 jvtpm.ppi-request=5' > "$work/rig-ppi.log" 2>> "$log.err" < /dev/null
  rc=$?
  set -e
  if grep -q '@@JVTPM ppi-submit 5 ok' "$log"; then pass "boot-ppi: the guest's _DSM accepted operation 5"
  else fail "boot-ppi: the guest could not submit operation 5 ($(grep -a 'ppi' "$log" | head -n 3 | tr '\n' ' '))"; fi
  if [ "$rc" -eq 0 ] && grep -q '@@JVTPM ppi response 5 0: Success' "$log"; then
    pass "boot-ppi: after the guest's reboot the PPI executor ran TPM2_Clear and the next boot reads 5 0: Success"
  else
    fail "boot-ppi: status $rc, no '5 0: Success' after the reboot"
    echo "---- console of boot-ppi (last 20 lines) ----"; grep -av eventlog-b64 "$log" | tail -n 20
    echo "---- launcher log of boot-ppi (last 20 lines) ----"; tail -n 20 "$log.err"
  fi
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
