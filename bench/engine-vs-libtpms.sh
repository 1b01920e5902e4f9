#!/usr/bin/env bash
# Times GetRandom(32), PCR_Extend(sha256), PCR_Read and Hash(1 KiB) on jvtpm's in-process engine
# and on libtpms (libtpms.so.0 through JNA), same command bytes. Usage: engine-vs-libtpms.sh [iterations] [warm-up]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
cp=$(test_classpath tpm-engine)
exec java -Xss4m ${JVTPM_JAVA_OPTS:-} -cp "$cp" io.jvtpm.engine.bench.EngineVsLibtpms "$@"
