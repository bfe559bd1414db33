#!/usr/bin/env bash
# The messages' tally job in its variants (jobs/src/test/java/com/servicekpi/bench/TallyBench.java),
# each timed as one Spark job on the same input in one JVM, in the order given:
#   bench/tally.sh INPUT [VARIANTS]    default: scan,text,hash,tally,scan,text,hash,tally
#   e.g. bench/tally.sh bench/work/in-71800     (the 50M input of bench/bench.sh; driver heap 8g)
# The first round warms the JVM and the page cache; compare the second.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK="${BENCH_WORK:-$ROOT/bench/work}"
mkdir -p "$WORK"
CP_TEST="$WORK/test-classpath.txt"
(cd "$ROOT" && mvn -q -am -pl jobs test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_TEST" > "$WORK/mvn.log" 2>&1)
JVM_OPTS=()
while IFS= read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  JVM_OPTS+=("$line")
done < "$ROOT/conf/jvm.options"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec java -Xmx"${SERVICE_KPI_DRIVER_MEMORY:-8g}" "${JVM_OPTS[@]}" \
  -Dlog4j2.configurationFile="$ROOT/conf/log4j2.properties" \
  -cp "$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$CP_TEST")" \
  com.servicekpi.bench.TallyBench "$1" "${2:-scan,text,hash,tally,scan,text,hash,tally}"
