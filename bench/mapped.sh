#!/usr/bin/env bash
# The cost of a source mapping: the bundled samples, as CSV files in contract folders, read once as
# they are (b) and once through bench/mapped.conf (c: expressions, a CASE on the sender,
# regexp_replace on the amount, a filter), alternately, with bench/ab.sh's event-log figures.
#   bench/mapped.sh [ORDER...]      default: b c c b
# The input is built in bench/work/mapbench (git-ignored): data-samples with its JSON Lines
# (messages/export-2.jsonl, ratings/ratings.jsonl) turned into CSV with the same columns.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IN="$ROOT/bench/work/mapbench"
if [[ ! -d "$IN" ]]; then
  python3 - "$ROOT/data-samples" "$IN" <<'PY'
import csv, glob, json, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
for d in os.listdir(src):
    os.makedirs(os.path.join(dst, d))
    for f in glob.glob(os.path.join(src, d, "*.csv")):
        shutil.copy(f, os.path.join(dst, d))
    for f in glob.glob(os.path.join(src, d, "*.jsonl")):
        rows = [json.loads(l) for l in open(f, encoding="utf-8") if l.strip()]
        keys = list(dict.fromkeys(k for r in rows for k in r))
        with open(os.path.join(dst, d, os.path.basename(f)[:-6] + ".csv"), "w", newline="", encoding="utf-8") as o:
            w = csv.DictWriter(o, fieldnames=keys)
            w.writeheader()
            for r in rows:
                w.writerow({k: "" if r.get(k) is None else r[k] for k in keys})
PY
fi
[[ $# -gt 0 ]] || set -- b c c b
IN="$IN" CONF="$ROOT/bench/mapped.conf" "$ROOT/bench/ab.sh" "$@"
