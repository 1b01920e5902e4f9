#!/usr/bin/env bash
# Times CreatePrimary (RSA-2048, ECC P-256; a new template each time and the same one again) and
# Sign (RSASSA-2048, ECDSA P-256) on jvtpm's in-process engine and on libtpms (libtpms.so.0
# through JNA), same command bytes. Usage: keys-vs-libtpms.sh [RSA derivations] [other iterations]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$repo"
mvn -q -o -pl tpm-engine test-compile
mvn -q -o -pl tpm-engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp.txt"
cp="$repo/tpm-engine/target/test-classes:$repo/tpm-engine/target/classes:$(cat "$tmp/cp.txt")"
exec java -Xss4m -cp "$cp" io.jvtpm.engine.bench.KeysVsLibtpms "$@"
