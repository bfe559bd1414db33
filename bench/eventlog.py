#!/usr/bin/env python3
"""Where a run's time went, from its Spark event log (see bench/eventlog.conf).

Prints the application's duration, the time during which at least one Spark job ran (the rest is
the driver: planning, plan strings, writing), the number of jobs and tasks, and per job
description (the job's phase, e.g. "computing agent_daily"): its first start, its wall time from
first start to last end, and its number of jobs.
    python3 bench/eventlog.py EVENT_LOG_FILE_OR_FOLDER
"""
import collections
import glob
import json
import os
import sys

path = sys.argv[1]
files = sorted(glob.glob(os.path.join(path, "*"))) if os.path.isdir(path) else [path]
jobs = {}
tasks = 0
t0 = t1 = None
for f in files:
    if os.path.basename(f).startswith(".") or f.endswith(".crc"):
        continue
    with open(f, encoding="utf-8") as lines:
        for line in lines:
            e = json.loads(line)
            kind = e["Event"]
            if kind == "SparkListenerApplicationStart":
                t0 = e["Timestamp"]
            elif kind == "SparkListenerApplicationEnd":
                t1 = e["Timestamp"]
            elif kind == "SparkListenerJobStart":
                desc = e.get("Properties", {}).get("spark.job.description", "") or "(no description)"
                jobs[e["Job ID"]] = [e["Submission Time"], e["Submission Time"], desc]
            elif kind == "SparkListenerJobEnd" and e["Job ID"] in jobs:
                jobs[e["Job ID"]][1] = e["Completion Time"]
            elif kind == "SparkListenerTaskEnd":
                tasks += 1
if t0 is None or not jobs:
    sys.exit("no application start or no jobs in " + path)
t1 = t1 or max(end for _, end, _ in jobs.values())

busy, current = 0, None
for start, end, _ in sorted(jobs.values()):
    if current is None or start > current[1]:
        if current:
            busy += current[1] - current[0]
        current = [start, end]
    else:
        current[1] = max(current[1], end)
busy += current[1] - current[0]
print("application %.1f s, jobs running %.1f s, driver only %.1f s; %d jobs, %d tasks"
      % ((t1 - t0) / 1000, busy / 1000, (t1 - t0 - busy) / 1000, len(jobs), tasks))

phases = collections.OrderedDict()
for start, end, desc in sorted(jobs.values()):
    p = phases.setdefault(desc[:60], [start, end, 0])
    p[0], p[1], p[2] = min(p[0], start), max(p[1], end), p[2] + 1
print("%8s %8s %5s  %s" % ("start s", "wall s", "jobs", "phase"))
for desc, (start, end, n) in phases.items():
    print("%8.1f %8.1f %5d  %s" % ((start - t0) / 1000, (end - start) / 1000, n, desc))
