#!/usr/bin/env bash
# Times CreatePrimary (RSA-2048, ECC P-256; a new template each time and the same one again),
# Sign (RSASSA-2048, ECDSA and EC-Schnorr P-256) and Commit with its ECDAA Sign (BN P256) on
# jvtpm's in-process engine and on libtpms (libtpms.so.0
# through JNA), same command bytes. Usage: keys-vs-libtpms.sh [RSA derivations] [other iterations]
set -euo pipefail
. "$(dirname "$0")/../tests/e2e/lib/common.sh"
cp=$(test_classpath tpm-engine)
exec java -Xss4m ${JVTPM_JAVA_OPTS:-} -cp "$cp" io.jvtpm.engine.bench.KeysVsLibtpms "$@"
