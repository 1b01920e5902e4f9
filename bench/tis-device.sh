#!/usr/bin/env bash
# Benchmark of the TIS/FIFO device: ns per register access (STS read, ACCESS read, FIFO byte
# write) and a whole GetRandom(32) through the FIFO byte-wise as Linux does it, beside the bare
# in-process engine call (JMH, one fork). Usage: bench/tis-device.sh [measured iterations]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
cp=$(test_classpath tis-device)
exec java ${JVTPM_JAVA_OPTS:-} -cp "$cp" io.jvtpm.tis.bench.TisBench "$@"
