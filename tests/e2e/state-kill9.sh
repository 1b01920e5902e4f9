#!/usr/bin/env bash
# kill -9 during state writes: tpm-engine's KillNineTest with 200 rounds (the Maven build runs 20).
# A child JVM keeps changing a TPM's persistent state (HierarchyChangeAuth, EvictControl, ClockSet,
# Shutdown(STATE)/Startup(STATE), STORE_VOLATILE, NV_Increment of a counter and of an ORDERLY counter,
# NV_Write) and is killed with SIGKILL at a random moment; after each kill the state loads as the same
# TPM with every acknowledged change, no counter below a value it answered and no NV_Write half
# applied. The round count
# comes from JVTPM_KILL_ROUNDS (default 200).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
e2e_begin state-kill9
need java:"a JDK" mvn:"Apache Maven"

rounds=${JVTPM_KILL_ROUNDS:-200}
log="$work/kill9.log"
if (cd "$e2e_root" && mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl tpm-engine test-compile surefire:test \
    -Dtest=KillNineTest -Dsurefire.failIfNoSpecifiedTests=false -Djvtpm.killRounds="$rounds") >"$log" 2>&1; then
  pass "$(grep -m1 -o 'kill -9: .*' "$log" || echo "$rounds kill -9 rounds"): nothing lost, never a new TPM, NV counters never back"
else
  fail "$rounds kill -9 rounds during state writes"
  grep -v '^[[:space:]]*at ' "$log" | tail -n 40 | sed 's/^/    /'
fi
finish
