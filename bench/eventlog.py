#!/usr/bin/env python3
"""Where a run's time went, from its Spark event log (see bench/eventlog.conf).

Prints the application's duration, the time during which at least one Spark job ran (the rest is
the driver: planning, plan strings, writing), the number of jobs and tasks, and per job
description (the job's phase, e.g. "computing agent_daily"): its first start, its wall time from
first start to last end, its number of jobs, the run time of its tasks added up and their CPU
time; then the tasks' GC and shuffle-write time and what they spilled. With --stages PHASE,
also every stage of the phases whose description contains PHASE that ran for at least a second
of task time: task time, CPU time, tasks, shuffle records read and written, shuffle MB written,
operators. With --tasks STAGE, also every task of that stage, by run time: run time, CPU time,
shuffle records read (two builds' tasks of one stage read the same rows when only the machine's
speed differs).

Compare runs by CPU time: on the benchmark machine the tasks' run time varied by a third from run
to run of the same build (the tasks wait for the driver, the JIT compiler and the disk on 2
cores), while their CPU time varied by a few percent.
    python3 bench/eventlog.py EVENT_LOG_FILE_OR_FOLDER [--stages PHASE | --tasks STAGE]
"""
import collections
import glob
import json
import os
import sys

path = sys.argv[1]
stages_of = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--stages" else None
tasks_of = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--tasks" else None
stage_tasks = []
stage_job = {}
task_time = collections.Counter()
cpu_time = collections.Counter()
waits = collections.Counter()
stages = []
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
                for stage in e["Stage IDs"]:
                    stage_job[stage] = desc[:60]
            elif kind == "SparkListenerJobEnd" and e["Job ID"] in jobs:
                jobs[e["Job ID"]][1] = e["Completion Time"]
            elif kind == "SparkListenerTaskEnd":
                tasks += 1
                metrics = e.get("Task Metrics") or {}
                task_time[stage_job.get(e["Stage ID"], "")] += metrics.get("Executor Run Time", 0)
                cpu_time[stage_job.get(e["Stage ID"], "")] += metrics.get("Executor CPU Time", 0) / 1e6
                waits["GC"] += metrics.get("JVM GC Time", 0) / 1e3
                waits["shuffle writes"] += metrics.get("Shuffle Write Metrics", {}).get("Shuffle Write Time", 0) / 1e9
                waits["spilled to disk (GB)"] += metrics.get("Disk Bytes Spilled", 0) / 1e9
                if e["Stage ID"] == tasks_of:
                    stage_tasks.append((metrics.get("Executor Run Time", 0) / 1e3,
                                        metrics.get("Executor CPU Time", 0) / 1e9,
                                        metrics.get("Shuffle Read Metrics", {}).get("Total Records Read", 0)))
            elif kind == "SparkListenerStageCompleted":
                stages.append(e["Stage Info"])
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
print("%8s %8s %5s %8s %8s  %s" % ("start s", "wall s", "jobs", "tasks s", "cpu s", "phase"))
for desc, (start, end, n) in phases.items():
    print("%8.1f %8.1f %5d %8.1f %8.1f  %s" % ((start - t0) / 1000, (end - start) / 1000, n, task_time[desc] / 1000,
                                             cpu_time[desc] / 1000, desc))
print("task time of all phases: %.1f s, CPU time %.1f s" % (sum(task_time.values()) / 1000,
                                                          sum(cpu_time.values()) / 1000))
print("of the task time: GC %.1f s, shuffle writes %.1f s; spilled to disk %.1f GB"
      % (waits["GC"], waits["shuffle writes"], waits["spilled to disk (GB)"]))

if stages_of:
    def metric(info, name):
        for a in info.get("Accumulables", []):
            if a.get("Name") == name:
                return int(a.get("Value") or 0)
        return 0
    print("%6s %8s %8s %6s %12s %12s %9s  %s" % ("stage", "tasks s", "cpu s", "tasks", "shuffle in",
                                               "shuffle out", "MB out", "operators"))
    for info in sorted(stages, key=lambda i: i["Stage ID"]):
        run = metric(info, "internal.metrics.executorRunTime") / 1000
        if stages_of not in stage_job.get(info["Stage ID"], "") or run < 1:
            continue
        ops = sorted({json.loads(r["Scope"])["name"].split(" (")[0] for r in info["RDD Info"] if r.get("Scope")})
        cpu = metric(info, "internal.metrics.executorCpuTime") / 1e9
        print("%6d %8.1f %8.1f %6d %12d %12d %9.1f  %s" % (info["Stage ID"], run, cpu, info["Number of Tasks"],
              metric(info, "internal.metrics.shuffle.read.recordsRead"),
              metric(info, "internal.metrics.shuffle.write.recordsWritten"),
              metric(info, "internal.metrics.shuffle.write.bytesWritten") / 1e6, ", ".join(ops)))

if tasks_of is not None:
    print("stage %d: %d tasks" % (tasks_of, len(stage_tasks)))
    print("%8s %8s %12s" % ("run s", "cpu s", "shuffle in"))
    for run, cpu, read in sorted(stage_tasks):
        print("%8.1f %8.1f %12d" % (run, cpu, read))
