#!/usr/bin/env bash
# Benchmark of the CRB device: ns per register access, GetRandom(32) through CRB beside the bare
# in-process engine. Usage: bench/crb-device.sh [seconds per figure]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
cp=$(test_classpath crb-device)
exec java ${JVTPM_JAVA_OPTS:-} -cp "$cp" io.jvtpm.crb.bench.CrbBench "$@"
