#!/usr/bin/env bash
# Times NV_Read and NV_Write of 1 KiB, NV_Increment and NV_ReadPublic on jvtpm's engine (in memory and on a
# state directory) and on libtpms (libtpms.so.0 through JNA), same command bytes.
# Usage: nv-vs-libtpms.sh [iterations] [warm-up] [durable-write iterations]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
cp=$(test_classpath tpm-engine)
exec java -Xss4m ${JVTPM_JAVA_OPTS:-} -cp "$cp" io.jvtpm.engine.bench.NvVsLibtpms "$@"
