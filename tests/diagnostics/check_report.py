#!/usr/bin/python3
"""--report at np 3 writes one self-contained page that a headless Chromium loads without
console errors, with one bar per task of the run and a memory chart with lines for each worker
(whose samples are all in the page's data); takes a screenshot of it.
   check_report.py MPIEXEC PROFILE_APP OUT_DIR
Exits 77 (skipped) only when no Chromium can be found or installed."""
import json, os, re, shutil, subprocess, sys, tempfile

mpiexec, app, out_dir = sys.argv[1:4]
SKIP = 77

def find_chromium():
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

browser = find_chromium()
if not browser and os.geteuid() == 0:
    subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = find_chromium()
if not browser:
    print("chromium is not installed and cannot be: skipped")
    sys.exit(SKIP)

os.makedirs(out_dir, exist_ok=True)
report, stats = os.path.join(out_dir, "report.html"), os.path.join(out_dir, "stats.json")
subprocess.run([mpiexec, "-n", "3", "--oversubscribe", app, "--threads", "1", "--leaves", "64", "--length", "200000",
                "--report", report, "--stats", stats, "--no-progress"], check=True, timeout=120)
tasks = json.load(open(stats))["tasks"]
page = open(report).read()
if re.search(r'(src|href)\s*=\s*"(https?:)?//', page):
    sys.exit("the report loads something from the network")

def chromium(*args):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", "--disable-quic", "--user-data-dir=" + tempfile.mkdtemp(),
             "--enable-logging=stderr", "--v=0"]
    return subprocess.run([browser, *flags, *args, "file://" + os.path.abspath(report)], capture_output=True, text=True,
                          timeout=120)

dom = chromium("--dump-dom")
errors = [l for l in dom.stderr.splitlines() if "Uncaught" in l or "ERROR:CONSOLE" in l or ":CONSOLE(" in l]
bars = len(re.findall(r'<rect[^>]* data-task="', dom.stdout))
transfers = len(re.findall(r'<rect[^>]* data-transfer="', dom.stdout))
memory_lines = set(re.findall(r'<polyline[^>]* data-memory-worker="(\d+)" data-series="(\w+)"', dom.stdout))
data = json.loads(re.search(r'<script id="profile" type="application/json">(.*?)</script>', page, re.S).group(1))
sampled = {m["worker"] for m in data["memory"]}
screenshot = os.path.join(out_dir, "report.png")
shot = chromium("--screenshot=" + screenshot, "--window-size=1400,900")

failures = []
if errors: failures.append("console errors:\n" + "\n".join(errors))
if bars != tasks: failures.append(f"{bars} task bars in the DOM, {tasks} tasks in the run")
if transfers == 0: failures.append("no transfers drawn")
if sampled != {1, 2}: failures.append(f"memory samples from workers {sorted(sampled)}, expected 1 and 2")
expected_lines = {(w, series) for w in ("1", "2") for series in ("resident", "stored")}
if not expected_lines <= memory_lines: failures.append(f"memory lines drawn: {sorted(memory_lines)}, expected {sorted(expected_lines)}")
if not os.path.exists(screenshot) or os.path.getsize(screenshot) < 10000:
    failures.append("no screenshot: " + shot.stderr[-2000:])
if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"{bars} task bars, {transfers} transfers, {len(memory_lines)} memory lines, screenshot {screenshot}")
