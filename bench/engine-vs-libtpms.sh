#!/usr/bin/env bash
# Times GetRandom(32), PCR_Extend(sha256), PCR_Read and Hash(1 KiB) on jvtpm's in-process engine
# and on libtpms (libtpms.so.0 through JNA), same command bytes. Usage: engine-vs-libtpms.sh [iterations] [warm-up]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$repo"
mvn -q -o -pl tpm-engine test-compile
mvn -q -o -pl tpm-engine dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp.txt"
cp="$repo/tpm-engine/target/test-classes:$repo/tpm-engine/target/classes:$(cat "$tmp/cp.txt")"
exec java -Xss4m -cp "$cp" io.jvtpm.engine.bench.EngineVsLibtpms "$@"
