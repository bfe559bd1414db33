#!/usr/bin/env bash
# A/B runs of `run` with the event log, for comparing two builds (or one build with an extra Spark
# setting) by the tasks' CPU time, which varies far less than wall time on a shared machine.
#   bench/ab.sh ORDER...      e.g. bench/ab.sh b a c b a c
#     a: the build in $A_DIR (a worktree of the base commit, built with
#        `git worktree add /tmp/wt-head <commit> && (cd /tmp/wt-head && mvn -q -B -o package -DskipTests)`)
#     b: this checkout
#     c: this checkout with the Spark settings in $EXTRA (HOCON lines, e.g.
#        EXTRA='"spark.sql.inMemoryColumnarStorage.compressed" = "false"')
#   IN=bench/work/in-71800 SERVICE_KPI_DRIVER_MEMORY=8g bench/ab.sh c b     (50M; default input: 10M)
#   IN=DIR CONF=FILE bench/ab.sh b c   (c: with the settings of a --conf file too, e.g. source
#                                       mappings: bench/mapped.sh runs the samples mapped and not)
#   JAVA_OPTS=-XX:+UseG1GC bench/ab.sh b     (JVM options pass through to bin/service-kpi; a collector
#                                             named there replaces the launcher's parallel one)
# Each run prints its wall time, peak RSS and process user/system CPU (/usr/bin/time), then the
# phases and CPU totals of bench/eventlog.py; the event log stays in /tmp/ev-<w>-<time>/ for
# `python3 bench/eventlog.py /tmp/ev-.../* --stages agent_daily`.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IN=${IN:-$ROOT/bench/work/in-13600}
A_DIR=${A_DIR:-/tmp/wt-head}
export SERVICE_KPI_BUYER_ID_KEY=${SERVICE_KPI_BUYER_ID_KEY:-bench-key}
for w in "$@"; do
  if [[ $w == a ]]; then dir=$A_DIR; else dir=$ROOT; fi
  ev=/tmp/ev-$w-$(date +%H%M%S); mkdir -p "$ev"
  extra=""; [[ $w == c ]] && extra="${EXTRA:-}"
  printf 'spark.conf {\n "spark.eventLog.enabled" = "true"\n "spark.eventLog.dir" = "file:%s"\n "spark.eventLog.compress" = "false"\n %s\n}\n' \
    "$ev" "$extra" > "$ev.conf"
  [[ $w == c && -n ${CONF:-} ]] && cat "$CONF" >> "$ev.conf"
  s=$(date +%s.%N)
  /usr/bin/time -f "maxrss_kb %M user_s %U sys_s %S" -o "$ev.rss" "$dir/bin/service-kpi" run --input "$IN" \
    --output "/tmp/out-ab-$w" --conf "$ev.conf" > "$ev.log" 2>&1 || echo "FAILED $w (log: $ev.log)"
  e=$(date +%s.%N)
  echo "== $w $(date +%H:%M) wall $(echo "$e - $s" | bc) $(cat "$ev.rss")"
  python3 "$ROOT/bench/eventlog.py" "$ev"/* > "$ev.txt" 2>&1
  cat "$ev.txt"
done
