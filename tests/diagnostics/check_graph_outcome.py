#!/usr/bin/python3
"""--graph after a failed compute() draws the plan by outcome: the failing task red, every task
downstream of it orange; --graph-colour priority keeps priorities; a bad value is refused.
   check_graph_outcome.py MPIEXEC NP PROFILE_APP"""
import os, re, subprocess, sys, tempfile

mpiexec, np, app = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tmp = tempfile.mkdtemp()
failed, orange = "#d73027", "#fdae61"

def draw(*options):
    path = os.path.join(tmp, "plan.dot")
    if os.path.exists(path): os.remove(path)
    subprocess.run([mpiexec, "-n", str(np), "--oversubscribe", app, "--threads", "1", "--leaves", "8", "--fail",
                    "--graph", path, "--no-progress", *options], check=True, timeout=120, capture_output=True)
    dot = open(path).read()
    boxes = {n: (label, colour) for n, label, colour in re.findall(r'(n\d+) \[label="([^"]*)", fillcolor="([^"]*)"', dot)}
    edges = re.findall(r'(n\d+) -> (n\d+);', dot)
    return boxes, edges

failures = []
boxes, edges = draw()
failing = [n for n, (label, _) in boxes.items() if label.startswith("failing_leaf")]
if len(failing) != 1:
    sys.exit(f"{len(failing)} failing leaves among {len(boxes)} boxes")
downstream, frontier = set(), list(failing)
while frontier:
    n = frontier.pop()
    for a, b in edges:
        if a == n and b not in downstream: downstream.add(b); frontier.append(b)
if boxes[failing[0]][1] != failed: failures.append(f"the failing leaf is {boxes[failing[0]][1]}, not {failed}")
if not downstream: failures.append("nothing downstream of the failing leaf")
for n in downstream:
    if boxes[n][1] != orange: failures.append(f"{boxes[n][0]} downstream of the failure is {boxes[n][1]}, not {orange}")

boxes, _ = draw("--graph-colour", "priority")
if any(colour in (failed, orange) for _, colour in boxes.values()): failures.append("--graph-colour priority drew outcomes")
bad = subprocess.run([mpiexec, "-n", str(np), "--oversubscribe", app, "--graph-colour", "rainbow"], timeout=120,
                     capture_output=True, text=True)
if bad.returncode == 0 or "--graph-colour rainbow" not in bad.stderr + bad.stdout:
    failures.append(f"--graph-colour rainbow: exit {bad.returncode}, {bad.stderr[-300:]!r}")
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"np {np}: failing leaf red, {len(downstream)} tasks downstream orange")
