#!/usr/bin/python3
"""The progress bar on stderr when it is not a terminal: plain lines, in order, the last at
every task done; none with --no-progress.
   check_progress.py MPIEXEC NP PROFILE_APP"""
import re, subprocess, sys

mpiexec, np, app = sys.argv[1], sys.argv[2], sys.argv[3]
# 24 leaves sleeping 150 ms on 2 workers (or the threads of one process): well over 0.5 s.
cmd = [mpiexec, "-n", np, "--oversubscribe", app, "--threads", "2", "--leaves", "24", "--sleep-ms", "150"]
shown = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True).stderr
quiet = subprocess.run(cmd + ["--no-progress"], capture_output=True, text=True, timeout=120, check=True).stderr

line = re.compile(r"\[[#-]{20}\] (\d+)/47 tasks  [0-9.]+k?/s  elapsed [0-9.]+s(  ETA [0-9.]+s)?")
lines = [l for l in shown.splitlines() if l.strip()]
done = [int(m.group(1)) for m in map(line.fullmatch, lines) if m]
failures = []
if "\r" in shown: failures.append("a carriage return on a non-terminal")
if len(done) != len(lines): failures.append("lines that are not progress lines:\n" + shown)
if len(done) < 2: failures.append(f"{len(done)} progress lines:\n" + shown)
if done != sorted(done) or not done or done[-1] != 47: failures.append(f"progress not ending at 47/47: {done}")
if quiet.strip(): failures.append("--no-progress still printed:\n" + quiet)
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{len(done)} lines: {done}")
