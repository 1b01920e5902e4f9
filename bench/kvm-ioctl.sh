#!/usr/bin/env bash
# kvm-bridge benchmarks, one run:
#  1. one cheap ioctl (FIOCLEX on /dev/null; KVM_GET_API_VERSION where /dev/kvm exists) through JNA interface
#     mapping, JNA direct mapping and jnr-ffi, side by side;
#  2. the Java-side cost of one exit (decode + bus lookup + handler) on synthetic kvm_run buffers;
#  3. the round trip of a port-I/O and an MMIO exit in Java beside the same loop in C, on this machine's
#     /dev/kvm when it has one, and inside the nested KVM rig (scripts/nested-kvm.sh) unless --no-nested.
# Usage: bench/kvm-ioctl.sh [--no-nested] [--exits N]   (needs `mvn -pl kvm-bridge -am install` first)
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
root=$e2e_root
cd "$root"
nested=1
exits=20000
nested_exits=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --no-nested) nested=0; shift ;;
    --exits) exits=$2; shift 2 ;;
    *) echo "kvm-ioctl.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done
[ -f kvm-bridge/target/test-classes/io/jvtpm/kvm/bench/IoctlBench.class ] \
  || { echo "kvm-ioctl.sh: build first: mvn -pl kvm-bridge -am install" >&2; exit 2; }
e2e_begin kvm-ioctl
cp=$(built_classpath kvm-bridge)
java_opts=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp")

echo "== ioctl call cost (this machine, $(nproc) CPUs) =="
java "${java_opts[@]}" io.jvtpm.kvm.bench.IoctlBench
echo "== Java-side exit cost on synthetic kvm_run =="
java "${java_opts[@]}" io.jvtpm.kvm.bench.ExitCostBench

gcc -O2 -Wall -o "$work/kvm_roundtrip" kvm-bridge/src/test/c/kvm_roundtrip.c
if [ -c /dev/kvm ]; then
  echo "== exit round trip on this machine's /dev/kvm =="
  java "${java_opts[@]}" io.jvtpm.kvm.bench.RoundTripBench "$exits"
  "$work/kvm_roundtrip" "$exits"
fi
if [ "$nested" = 1 ]; then
  echo "== exit round trip inside the nested KVM rig (L1 under QEMU TCG) =="
  scripts/nested-kvm.sh --force-nested --timeout 1200 --share "$work" -- sh -c \
    "java ${java_opts[*]} io.jvtpm.kvm.bench.RoundTripBench $nested_exits && $work/kvm_roundtrip $nested_exits"
fi
