#!/usr/bin/python3
"""A task that throws is in the profile too, with its worker and times:
   check_failed_profile.py MPIEXEC NP PROFILE_APP"""
import json, subprocess, sys, tempfile, os

mpiexec, np, app = sys.argv[1], int(sys.argv[2]), sys.argv[3]
path = os.path.join(tempfile.mkdtemp(), "p.json")
out = subprocess.run([mpiexec, "-n", str(np), "--oversubscribe", app, "--threads", "1", "--leaves", "8", "--fail",
                      "--json", path, "--no-progress"], check=True, timeout=120, capture_output=True, text=True).stdout
if "failed: " not in out or "this leaf fails" not in out:
    sys.exit(f"compute() did not fail as expected: {out!r}")
tasks = json.load(open(path))["tasks"]
failed = [t for t in tasks if t["prefix"] == "failing_leaf"]
if len(failed) != 1:
    sys.exit(f"{len(failed)} records of the failing leaf among {len(tasks)} tasks")
t = failed[0]
if not (t["end"] >= t["start"] >= 0 and (np == 1 or t["worker"] >= 1)):
    sys.exit(f"the failed task's record is wrong: {t}")
print(f"np {np}: the failed task is recorded on worker {t['worker']}")
