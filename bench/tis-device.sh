#!/usr/bin/env bash
# Benchmark of the TIS/FIFO device: ns per register access (STS read, ACCESS read, FIFO byte
# write) and a whole GetRandom(32) through the FIFO byte-wise as Linux does it, beside the bare
# in-process engine call (JMH, one fork). Usage: bench/tis-device.sh [measured iterations]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cp_file=$(mktemp)
trap 'rm -f "$cp_file"' EXIT
mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl tis-device install -DskipTests
mvn -q -B -Dstyle.color=never ${JVTPM_MVN_FLAGS:--o} -pl tis-device dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
exec java ${JVTPM_JAVA_OPTS:-} -cp "tis-device/target/classes:tis-device/target/test-classes:$(cat "$cp_file")" \
  io.jvtpm.tis.bench.TisBench "$@"
