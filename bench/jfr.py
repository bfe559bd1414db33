#!/usr/bin/env python3
"""Where the tasks' CPU went, from a Java Flight Recorder recording of a run.

Record a run (JFR is part of the JDK), turn its samples into JSON, then summarise:
    JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/run.jfr,settings=profile" \\
      bin/service-kpi run --input IN --output OUT
    jfr print --json --events jdk.ExecutionSample --stack-depth 48 /tmp/run.jfr > /tmp/run.json
    python3 bench/jfr.py /tmp/run.json
    python3 bench/jfr.py /tmp/run.json --driver     (the driver's main thread instead)
Only the samples of Spark's task threads count. Prints, per operator, the share of samples whose
stack holds it ("with inputs": a sample counts for every operator on its stack, so the share
includes the work of the operators that feed it, and the shares add up to more than 100%) and
the share where no other operator of the list sits above it on the stack ("own"), then the
methods most often on top of the stack.
"""
import collections
import json
import sys

OPERATORS = {
    "window functions": "WindowEvaluatorFactory",
    "sort": "UnsafeInMemorySorter",
    "sort: full-row comparisons (the 8-byte prefix tied)": "UnsafeExternalRowSorter$RowComparator.compare",
    "sort-based aggregation": "SortBasedAggregationIterator",
    "hash aggregation": "UnsafeFixedWidthAggregationMap",
    "building cached columns": "NativeColumnBuilder",
    "cache: compression statistics": "gatherCompressibilityStats",
    "reading cached columns": "ColumnAccessor",
    "Parquet read": "VectorizedParquetRecordReader",
    "Parquet write": "InternalParquetRecordWriter",
    "shuffle write I/O": "DiskBlockObjectWriter",
    "sort-merge join": "smj_findNextJoinRows",
    "broadcast hash join lookup": "UnsafeHashedRelation.get",
    "UTF-8 validity checks": "UTF8String.getIsValid",
    "code generation": "CodeGenerator",
    "SHA-256 (the buyers' HMAC: two sha2 per reception)": "JavaUtils.sha256Hex",
}

# With --driver, the driver's main thread instead of the tasks: where the time that no task runs
# goes (planning, the plan texts that adaptive execution posts, cache lookups).
DRIVER = {
    "analysis": "Analyzer.executeAndCheck",
    "analysis: DeduplicateRelations": "DeduplicateRelations",
    "optimisation": "Optimizer",
    "physical planning": "QueryPlanner.plan",
    "adaptive re-planning": "AdaptiveSparkPlanExec.reOptimize",
    "plan text (QueryExecution.explainString)": "QueryExecution.explainString",
    "plan text posted at every adaptive re-plan": "AdaptiveSparkPlanExec.onUpdatePlan",
    "cache lookups (canonicalised plans)": "CacheManager.lookupCachedData",
    "code generation": "CodeGenerator",
    "reading input footers and headers": "InputReader.read",
    "writing the tables (the whole query, from the driver's side)": "TableWriter.write",
}
driver = "--driver" in sys.argv[2:]
if driver:
    OPERATORS = DRIVER

events = json.load(open(sys.argv[1], encoding="utf-8"))["recording"]["events"]
ops = collections.Counter()
own = collections.Counter()
top = collections.Counter()
n = 0
for e in events:
    v = e["values"]
    thread = (v.get("sampledThread") or {}).get("javaName") or ""
    if (thread != "main" if driver else "Executor task launch" not in thread) or not v.get("stackTrace"):
        continue
    frames = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in v["stackTrace"]["frames"]]
    n += 1
    top[frames[0]] += 1
    # the depth (0 = top of the stack) of each operator's topmost frame
    depth = {}
    for i, f in enumerate(frames):
        for name, frame in OPERATORS.items():
            if name not in depth and frame in f:
                depth[name] = i
    for name, d in depth.items():
        ops[name] += 1
        if d == min(depth.values()):
            own[name] += 1
if n == 0:
    sys.exit("no samples of the %s in %s" % ("main thread" if driver else "Spark task threads", sys.argv[1]))
print("%d samples of the %s" % (n, "main thread" if driver else "task threads"))
print("%12s %6s  %s" % ("with inputs", "own", "operator"))
for name, c in ops.most_common():
    print("%11.1f%% %5.1f%%  %s" % (100 * c / n, 100 * own[name] / n, name))
print("top of the stack:")
for frame, c in top.most_common(15):
    print("%6.1f%%  %s" % (100 * c / n, frame))
