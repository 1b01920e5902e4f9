#!/usr/bin/env bash
# Runs every test of jvtpm on a Debian 12 machine: installs the peers the tests talk to, builds
# the reactor with all unit and peer tests (mvn install), then runs each end-to-end script in
# tests/e2e/ (tpm2-tools against our server, Linux guests under QEMU, the nested-KVM rig).
# With CI=true a missing peer fails its test instead of skipping it.
#   JVTPM_E2E="qemu-guest tpm2-tools-swtpm" runs a subset of tests/e2e (names without .sh).
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/install-peers.sh || { echo "test-all: installing the peers failed"; exit 1; }

echo "== mvn install (unit and peer tests)"
if ! mvn -B -ntp install; then
  echo "test-all: the Maven build or its tests failed"
  exit 1
fi

passed=0 failed=0 failed_names=()
scripts=()
if [ -n "${JVTPM_E2E:-}" ]; then
  for n in $JVTPM_E2E; do scripts+=("tests/e2e/$n.sh"); done
else
  for s in tests/e2e/*.sh; do [ -e "$s" ] && scripts+=("$s"); done
fi
for s in "${scripts[@]}"; do
  name=$(basename "$s" .sh)
  echo "== e2e $name"
  out=$(mktemp)
  start=$(date +%s)
  bash "$s" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  echo "== e2e $name: exit $rc in $(( $(date +%s) - start )) s"
  p=$(grep -c '^PASS' "$out" || true); f=$(grep -c '^FAIL' "$out" || true)
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  [ "$rc" -eq 0 ] || failed_names+=("$name")
  rm -f "$out"
done
[ ${#failed_names[@]} -eq 0 ] || echo "test-all: failed e2e scripts: ${failed_names[*]}"
echo "e2e: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ ${#failed_names[@]} -eq 0 ]
