#!/usr/bin/env bash
# Benchmark of the CRB device: ns per register access, GetRandom(32) through CRB beside the bare
# in-process engine. Usage: bench/crb-device.sh [seconds per figure]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl crb-device install -DskipTests
mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl crb-device dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java ${JVTPM_JAVA_OPTS:-} -cp "crb-device/target/classes:crb-device/target/test-classes:$(cat "$cp_file")" \
  io.jvtpm.crb.bench.CrbBench "$@"
