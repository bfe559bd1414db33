#!/usr/bin/env bash
# Variants of one Spark job, each timed as one job on the same input in one JVM, in the order given
# (the benchmark classes under jobs/src/test/java/com/servicekpi/bench/):
#   bench/variants.sh TallyBench INPUT [VARIANTS]   the messages' tally; default:
#                                                    scan,shuffled,tally three times (also: text, hash)
#   bench/variants.sh DatesBench INPUT [VARIANTS]   the local date; default:
#                                                    floor,to_date,localDate,floor,to_date,localDate
#   bench/variants.sh ListingBench INPUT [VARIANTS] listing the input's files and reading their
#                                                    footers; default: listFiles,listStatus,reader three times
#   bench/variants.sh HmacBench N [VARIANTS]        the buyers' keyed hash over N ids; default:
#                                                    none,builtin,udf three times
#   e.g. bench/variants.sh TallyBench bench/work/in-71800   (the 50M input of bench/bench.sh; heap 8g)
# The first round warms the JVM and the page cache; compare the later ones.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${1:-}" in
  TallyBench) default=scan,shuffled,tally,scan,shuffled,tally,scan,shuffled,tally ;;
  DatesBench) default=floor,to_date,localDate,floor,to_date,localDate ;;
  ListingBench) default=listFiles,listStatus,reader,listFiles,listStatus,reader,listFiles,listStatus,reader ;;
  HmacBench) default=none,builtin,udf,none,builtin,udf,none,builtin,udf ;;
  *) echo "usage: bench/variants.sh TallyBench|DatesBench|ListingBench|HmacBench INPUT [VARIANTS]" >&2; exit 2 ;;
esac
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
  "com.servicekpi.bench.$1" "$2" "${3:-$default}"
