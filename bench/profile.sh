#!/usr/bin/env bash
# Where a night's time goes: runs one `nightly` with Spark's event log on, then sums it up: Spark
# jobs and stages per step, seconds inside jobs (their union: concurrent jobs count once) against
# the step's seconds (the rest is driver work between jobs: planning, Delta's log, commits), and
# the call sites whose jobs take the most.
#
#   bench/profile.sh ROOT WAREHOUSE DATE      e.g. a warehouse kept by BENCH_KEEP=1 bench/run.sh
#
# Reruns night DATE on that warehouse (a rerun leaves the same tables); each step's jobs are in its
# own job group (the model steps' too). Needs python3.
set -euo pipefail

root="$1" warehouse="$2" night="$3"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="$(mktemp -d "${BENCH_DIR:-/tmp}/livecart-events-XXXXXX")"
trap 'rm -rf "$events"' EXIT

"$home/bin/livecart" --root "$root" --set "paths.warehouse=$warehouse" \
  --set 'spark."spark.eventLog.enabled"=true' --set "spark.\"spark.eventLog.dir\"=file://$events" \
  --set 'spark."spark.eventLog.compress"=false' --set 'spark."spark.eventLog.rolling.enabled"=false' \
  nightly --date "$night" 2>"$events.log" | sed -n '/^step /,/^gold rebuilt/p'
rm -f "$events.log"
python3 - "$events"/* <<'PY'
import collections, json, sys

jobs, stages, group = {}, collections.Counter(), {}
for line in open(sys.argv[1], encoding="utf-8"):
    event = json.loads(line)
    kind = event["Event"]
    if kind == "SparkListenerJobStart":
        if not event.get("Stage IDs"):
            # A job without stages does no work: adaptive execution submits one late for a query
            # started in an earlier step, which would stretch that step's span to the late job.
            continue
        props = event.get("Properties") or {}
        step = (props.get("spark.jobGroup.id") or "other").split("-")[0]
        # A job's call site names its last stage (e.g. "save at DeltaWrites.java:48").
        infos = sorted(event.get("Stage Infos", []), key=lambda i: i["Stage ID"])
        site = infos[-1]["Stage Name"] if infos else ""
        jobs[event["Job ID"]] = [event["Submission Time"], None, step, site]
        stages[step] += len(event.get("Stage IDs", []))
    elif kind == "SparkListenerJobEnd" and event["Job ID"] in jobs:
        jobs[event["Job ID"]][1] = event["Completion Time"]

def union(intervals):
    total, end = 0, None
    for start, stop in sorted(intervals):
        if end is None or start > end:
            total += stop - start
            end = stop
        elif stop > end:
            total += stop - end
            end = stop
    return total / 1000

by_step = collections.defaultdict(list)
for start, stop, step, site in jobs.values():
    if stop is not None:
        by_step[step].append((start, stop, site))
print()
print(f"{'step':<20} {'jobs':>6} {'stages':>7} {'in jobs s':>10} {'span s':>8}")
for step, items in sorted(by_step.items(), key=lambda kv: min(i[0] for i in kv[1])):
    span = (max(i[1] for i in items) - min(i[0] for i in items)) / 1000
    print(f"{step:<20} {len(items):>6} {stages[step]:>7} {union([(a, b) for a, b, _ in items]):>10.1f} {span:>8.1f}")
print()
kinds = collections.defaultdict(lambda: [0, 0.0])
for start, stop, step, site in jobs.values():
    if stop is not None and step in ("ingest", "silver", "gold"):
        k = kinds[site]
        k[0] += 1
        k[1] += (stop - start) / 1000
print(f"{'ingest to gold: jobs by call site (top 12)':<48} {'jobs':>6} {'seconds':>8}")
for name, (count, seconds) in sorted(kinds.items(), key=lambda kv: -kv[1][1])[:12]:
    print(f"{name[:48]:<48} {count:>6} {seconds:>8.1f}")
PY
