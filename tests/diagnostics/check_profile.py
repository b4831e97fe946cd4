#!/usr/bin/python3
"""The profiler's records against the counters of --stats, at one rank count:
   check_profile.py MPIEXEC NP PROFILE_APP
Task count, tasks per worker, busy seconds per worker, fetched bytes; every record inside
a compute() of the run; the CSV and the JSON give the same tasks; memory samples from every
worker, inside the compute, their peak no more than (and near) the peak that --stats reports."""
import csv, json, subprocess, sys, tempfile, os

mpiexec, np, app = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tmp = tempfile.mkdtemp()
paths = {k: os.path.join(tmp, k) for k in ("p.csv", "p.json", "s.json")}
cmd = [mpiexec, "-n", str(np), "--oversubscribe", app, "--threads", "1", "--leaves", "64",
       "--csv", paths["p.csv"], "--json", paths["p.json"], "--stats", paths["s.json"], "--no-progress"]
subprocess.run(cmd, check=True, timeout=120)

stats = json.load(open(paths["s.json"]))
profile = json.load(open(paths["p.json"]))
tasks = profile["tasks"]
rows = list(csv.DictReader(open(paths["p.csv"])))
transfers = list(csv.DictReader(open(paths["p.csv"][:-4] + ".transfers.csv")))
memory_rows = list(csv.DictReader(open(paths["p.csv"][:-4] + ".memory.csv")))
memory = profile["memory"]
failures = []
def check(ok, what):
    if not ok: failures.append(what)

check(len(tasks) == stats["tasks"] == 127, f"{len(tasks)} task records, {stats['tasks']} tasks in --stats (expected 127)")
check([r["key"] for r in rows] == [t["key"] for t in tasks], "the CSV's keys differ from the JSON's")
check(len(transfers) == len(profile["transfers"]), "the CSV's transfers differ from the JSON's")
check([int(r["resident_bytes"]) for r in memory_rows] == [m["resident_bytes"] for m in memory],
      "the CSV's memory samples differ from the JSON's")
check(len({t["key"] for t in tasks}) == len(tasks), "a task recorded twice")
check(all(r["prefix"] in ("leaf", "sum", "first") for r in rows), "unexpected prefixes")

for w in stats["per_worker"]:
    mine = [t for t in tasks if t["worker"] == w["rank"]]
    check(len(mine) == w["tasks"], f"worker {w['rank']}: {len(mine)} records, {w['tasks']} tasks in --stats")
    busy = sum(t["end"] - t["start"] for t in mine)
    check(abs(busy - w["busy_seconds"]) <= 1e-6 * max(1, len(mine)), f"worker {w['rank']}: busy {busy} vs {w['busy_seconds']}")
    fetched = sum(t["bytes"] for t in profile["transfers"] if t["to"] == w["rank"])
    check(fetched == w["fetched_bytes"], f"worker {w['rank']}: {fetched} bytes in transfers, {w['fetched_bytes']} fetched")
    bytes_in = sum(t["bytes_in"] for t in mine)
    check(bytes_in == w["fetched_bytes"], f"worker {w['rank']}: bytes_in {bytes_in}, {w['fetched_bytes']} fetched")
if np == 1:
    check(all(t["worker"] == 0 for t in tasks) and not profile["transfers"], "one process: worker 0, no transfers")
else:
    check(sum(t["bytes"] for t in profile["transfers"]) > 0, "no bytes moved between workers")

computes = profile["computes"]
check(len(computes) == 1, f"{len(computes)} computes recorded")
inside = lambda r: any(c["start"] <= r["start"] <= r["end"] <= c["end"] for c in computes)
for r in tasks + profile["transfers"]:
    check(r["end"] >= r["start"], f"{r['key']}: ends before it starts")
    check(inside(r), f"{r['key']}: [{r['start']}, {r['end']}] outside the compute {computes}")
check(all(0 <= c["start"] <= c["end"] <= profile["wall_seconds"] for c in computes), "a compute outside the run")
for m in memory:
    check(inside({"start": m["time"], "end": m["time"]}), f"a memory sample at {m['time']} outside the compute {computes}")
    check(m["resident_bytes"] > m["stored_bytes"] >= 0 and m["spilled_bytes"] == 0, f"memory sample {m}")
workers = [w["rank"] for w in stats["per_worker"]] or [0]
check(sorted({m["worker"] for m in memory}) == workers, f"memory samples from {sorted({m['worker'] for m in memory})}, workers {workers}")
for w in stats["per_worker"]:
    mine = [m for m in memory if m["worker"] == w["rank"]]
    check(len(mine) >= 2, f"worker {w['rank']}: {len(mine)} memory samples, not even its start and end")
    top, peak = max((m["resident_bytes"] for m in mine), default=0), w["peak_resident_bytes"]
    # The kernel's high-water mark covers the whole process, start-up included: the samples'
    # peak is at most that, and near it.
    check(0.5 * peak <= top <= peak, f"worker {w['rank']}: samples' peak {top} bytes, Goodbye's {peak}")
for t in tasks:
    check(t["bytes_out"] == (80000 + 24 if t["prefix"] != "first" else 8), f"{t['key']}: bytes_out {t['bytes_out']}")

if failures:
    print("\n".join(failures[:20]))
    sys.exit(1)
print(f"np {np}: {len(tasks)} tasks, {len(profile['transfers'])} transfers, {len(memory)} memory samples agree with --stats")
