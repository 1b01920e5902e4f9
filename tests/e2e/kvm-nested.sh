#!/usr/bin/env bash
# Runs kvm-bridge's "kvm" tests (guest code on a real /dev/kvm) inside the nested KVM rig: a Linux booted
# under QEMU's software emulation, whose emulated SVM gives a /dev/kvm with SMM support. One JVM runs all
# tests (io.jvtpm.kvm.KvmTestMain); a skipped test counts as a failure there. Needs `mvn install` first.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin kvm-nested ""
cd "$e2e_root"
need qemu-system-x86_64:"Debian package qemu-system-x86"

classes=kvm-bridge/target/classes
tests=kvm-bridge/target/test-classes
if [ ! -f "$tests/io/jvtpm/kvm/KvmTestMain.class" ] || [ ! -d "$classes/io/jvtpm/kvm" ]; then
  abort "kvm-bridge test classes are built (run: mvn -pl kvm-bridge -am install)"
fi
cp=$(built_classpath kvm-bridge 2>"$work/mvn.log") || { cat "$work/mvn.log" >&2; abort "kvm-bridge test classpath resolves offline"; }

set +e
scripts/nested-kvm.sh --force-nested --timeout 900 -- \
  java -XX:TieredStopAtLevel=1 -XX:-UsePerfData -cp "$cp" io.jvtpm.kvm.KvmTestMain --no-skips \
  | tee "$work/out.txt" | sed 's/^/  | /' 
rc=${PIPESTATUS[0]}
set -e
grep -q '^kvm tests: ' "$work/out.txt" && pass "nested rig booted and ran the kvm tests" \
  || fail "nested rig booted and ran the kvm tests (exit $rc)"
while IFS= read -r line; do
  case "$line" in
    "PASS "*) pass "in nested KVM: ${line#PASS }" ;;
    "FAIL "*) fail "in nested KVM: ${line#FAIL }" ;;
    "SKIP "*) fail "in nested KVM (skipped): ${line#SKIP }" ;;
  esac
done < <(grep -E '^(PASS|FAIL|SKIP) ' "$work/out.txt")
[ "$rc" -eq 0 ] && pass "kvm test runner exit status 0" || fail "kvm test runner exit status $rc"

# the rig itself: COMMAND's exit code comes back, a --share directory is writable inside, /dev/kvm is there
mkdir -p "$work/share"
set +e
scripts/nested-kvm.sh --force-nested --timeout 300 --share "$work/share" -- \
  sh -c 'test -c /dev/kvm && echo inside >"$1/marker"; exit 7' sh "$work/share" >"$work/rig.txt" 2>&1
rc=$?
set -e
[ "$rc" -eq 7 ] && pass "nested-kvm.sh passes COMMAND's exit code back" \
  || { cat "$work/rig.txt"; fail "nested-kvm.sh passes COMMAND's exit code back (got $rc, expected 7)"; }
[ "$(cat "$work/share/marker" 2>/dev/null)" = inside ] && pass "nested-kvm.sh --share is writable and /dev/kvm exists" \
  || fail "nested-kvm.sh --share is writable and /dev/kvm exists"
finish
