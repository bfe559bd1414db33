#!/usr/bin/env bash
# Benchmark of `run` against DuckDB (the spec as SQL, jobs/src/test/.../bench/DuckDbKpi.java) and
# a bare scan of the same input, on generated Parquet input (date-partitioned, as
# `generate --format parquet --partitioned` writes it), and of the incremental `daily` run over a
# 60-day history against a run on that one day's data alone.
#   bench/bench.sh [AGENTS ...]     default: 1500 13600 (about 1M and 10M messages in 30 days)
#   BENCH_SHOP=1                    first the shop-sized rows: 24 agents, 12 days, 22 chats per agent
#                                   a day (about 35k messages), `run` and a one-day `daily` each
#                                   against DuckDB over the same files (0: skip them)
#   BENCH_DAILY_AGENTS=1500         the history of the daily comparison (0: skip it)
# Inputs are kept in bench/work/ (git-ignored) and reused; every result line is appended to
# bench/results/results.tsv. Run it on an idle machine: it measures whole commands (JVM start
# included) and the time the job reports itself, and the peak RSS of the driver JVM.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK="${BENCH_WORK:-$ROOT/bench/work}"
RESULTS="$ROOT/bench/results"
mkdir -p "$WORK" "$RESULTS"
export SERVICE_KPI_BUYER_ID_KEY="${SERVICE_KPI_BUYER_ID_KEY:-bench-key}"
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1500 13600)
KPI="$ROOT/bin/service-kpi"

"$KPI" --help > /dev/null 2>&1   # build first, outside the measurements
# DuckDB runs from the test classpath (duckdb_jdbc is a test-scope dependency)
CP_TEST="$WORK/test-classpath.txt"
(cd "$ROOT" && mvn -q -am -pl jobs test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$CP_TEST" > "$WORK/mvn.log" 2>&1)
DUCK=(java -Xmx2g -cp "$ROOT/jobs/target/test-classes:$ROOT/jobs/target/classes:$(cat "$CP_TEST")" com.servicekpi.bench.DuckDbKpi)

generate() { # agents days dir [visits]
  [[ -d "$3" ]] || "$KPI" generate --out "$3" --agents "$1" --days "$2" --seed 1 --format parquet --partitioned \
    --visits "${4:-4}" > "$3.gen.txt" 2> "$3.gen.log"
}

timed() { # name command... -> sets WALL, RSS_MB, JOB_S
  /usr/bin/time -f "%e %M" -o "$WORK/$1.time" "${@:2}" > "$WORK/$1.txt" 2> "$WORK/$1.log"
  read -r WALL kb < "$WORK/$1.time"
  RSS_MB=$((kb / 1024))
  JOB_S=$(grep -oE "(succeeded|scanned|computed the tables) in [0-9.]+ s" "$WORK/$1.txt" | grep -oE "[0-9.]+" | head -1)
}

log() {
  echo "$1"
  printf "%s\t%s\n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >> "$RESULTS/results.tsv"
}

if [[ "${BENCH_SHOP:-1}" != 0 ]]; then
  # wall times on both sides, JVM start included (the targets of issue 28)
  shop="$WORK/shop-24x12"
  generate 24 12 "$shop" 22                   # 2026-10-06 .. 2026-10-17
  rm -rf "$WORK/out-shop" "$WORK/duck-shop"
  timed "shop-run" "$KPI" run --input "$shop" --output "$WORK/out-shop"
  run_wall=$WALL run_job=$JOB_S
  messages=$(awk '$1 == "messages" {print $2}' "$WORK/shop-run.txt")
  timed "shop-duck" "${DUCK[@]}" "$shop" "$WORK/duck-shop"
  duck_wall=$WALL
  timed "shop-daily" "$KPI" daily --date 2026-10-17 --input "$shop" --output "$WORK/out-shop"
  log "$(awk -v m="$messages" -v rw="$run_wall" -v rj="$run_job" -v dw="$duck_wall" -v yw="$WALL" -v yj="$JOB_S" \
    'BEGIN { printf "shop (24 agents, 12 days, %d messages): run %.1fs wall (%.1fs job), daily %.1fs wall (%.1fs job), duckdb %.1fs wall; run/duck %.1fx, daily/duck %.1fx", m, rw, rj, yw, yj, dw, rw/dw, yw/dw }')"
fi

log "$(printf "%-7s %11s %10s %9s %8s %10s %9s %10s %10s %9s %9s %8s" agents messages run_wall run_job run_rss duck_wall scan_wall scan_job msgs/s wall/duck job/duck job/scan)"
for a in "${SIZES[@]}"; do
  in="$WORK/in-$a"
  generate "$a" 30 "$in"
  rm -rf "$WORK/out-$a"
  timed "run-$a" "$KPI" run --input "$in" --output "$WORK/out-$a"
  run_wall=$WALL run_job=$JOB_S run_rss=$RSS_MB
  messages=$(awk '$1 == "messages" {print $2}' "$WORK/run-$a.txt")
  rm -rf "$WORK/duck-$a"
  timed "duck-$a" "${DUCK[@]}" "$in" "$WORK/duck-$a"
  duck_wall=$WALL
  timed "scan-$a" "$KPI" scan --input "$in"
  log "$(awk -v a="$a" -v m="$messages" -v rw="$run_wall" -v rj="$run_job" -v rss="$run_rss" -v dw="$duck_wall" \
    -v sw="$WALL" -v sj="$JOB_S" \
    'BEGIN { printf "%-7s %11d %9.1fs %8.1fs %6dMB %9.1fs %9.1fs %8.1fs %10.0f %9.2f %9.2f %8.2f", a, m, rw, rj, rss, dw, sw, sj, m/rj, rw/dw, rj/dw, rj/sj }')"
done

DAILY_AGENTS="${BENCH_DAILY_AGENTS:-1500}"
if [[ "$DAILY_AGENTS" != 0 ]]; then
  hist="$WORK/history-$DAILY_AGENTS"
  generate "$DAILY_AGENTS" 60 "$hist"         # 2026-10-06 .. 2026-12-04
  day=2026-11-20
  one="$WORK/oneday-$DAILY_AGENTS"
  if [[ ! -d "$one" ]]; then
    mkdir -p "$one"
    cp -r "$hist/roster" "$one/"
    for s in messages ratings orders; do mkdir -p "$one/$s" && cp -r "$hist/$s/date=$day" "$one/$s/"; done
  fi
  rm -rf "$WORK/out-history" "$WORK/out-oneday"
  timed "history" "$KPI" run --input "$hist" --output "$WORK/out-history"
  timed "daily" "$KPI" daily --date "$day" --input "$hist" --output "$WORK/out-history"
  daily_job=$JOB_S daily_wall=$WALL
  timed "oneday" "$KPI" run --input "$one" --output "$WORK/out-oneday" --from "$day" --to "$day"
  log "$(awk -v dj="$daily_job" -v dw="$daily_wall" -v oj="$JOB_S" -v ow="$WALL" \
    'BEGIN { printf "daily over 60 days: %.1fs job (%.1fs wall); one day alone: %.1fs job (%.1fs wall); ratio %.2f", dj, dw, oj, ow, dj/oj }')"
fi
