"""Memory limits under mpiexec at np 3, checked against runs without a limit and NumPy:
- hdf5_gram, seed_array_mean and ((x - x.mean(0))^2).sum() (memory_app, which holds all of x
  until the means are known) with a limit far below their data spill (stats: spill_count > 0),
  read back, and give the same bits as without the limit; the spill directories are gone after;
  memory_app's --report holds its spills and memory samples that show spilled bytes;
- a value larger than the limit fails on rank 0 with the key and both sizes, non-zero, no hang;
- a bad --memory-limit or --local-dir stops the ranks at start with one line, non-zero.
   check_spill.py MPIEXEC APPS_DIR MEMORY_APP"""
import json, os, re, subprocess, sys, tempfile
import h5py
import numpy as np

mpiexec, apps, memory_app = sys.argv[1], sys.argv[2], sys.argv[3]


def run(app, *args, check=True, ranks=3):
    cmd = [mpiexec, "-n", str(ranks), "--oversubscribe", os.path.join(apps, app), "--threads", "1", *args]
    out = subprocess.run(cmd, timeout=120, capture_output=True, text=True)
    if check and out.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {out.returncode}\n{out.stdout}\n{out.stderr}")
    return out


def spilled(stats_path):
    workers = json.load(open(stats_path))["per_worker"]
    print("  per worker:", [{k: w[k] for k in ("memory_limit", "spill_count", "spilled_bytes", "unspilled_count",
                                               "pause_count", "peak_resident_bytes")} for w in workers])
    assert all(w["memory_limit"] > 0 for w in workers), workers
    assert sum(w["spill_count"] for w in workers) > 0, workers
    assert sum(w["unspilled_count"] for w in workers) > 0, workers
    assert all(w["keys_held"] == 0 for w in workers), workers


with tempfile.TemporaryDirectory() as tmp:
    spill_dir = os.path.join(tmp, "spill")
    os.mkdir(spill_dir)
    limited = ["--local-dir", spill_dir, "--stats", os.path.join(tmp, "stats.json")]

    # X^T X of 9.6 MB in 16 chunks of 640 kB, with a limit of 2 MB per worker.
    x = np.random.default_rng(5).standard_normal((3000, 400))
    with h5py.File(os.path.join(tmp, "x.h5"), "w") as f:
        f.create_dataset("/x", data=x, chunks=(400, 200))
    gram = lambda out, *extra: run("hdf5_gram", "--input", os.path.join(tmp, "x.h5") + ":/x", "--output",
                                   os.path.join(tmp, out) + ":/g", "--chunks", "400,200", *extra)
    free_run = gram("g0.h5")
    limited_run = gram("g1.h5", "--memory-limit", "2MB", *limited)
    with h5py.File(os.path.join(tmp, "g0.h5")) as f0, h5py.File(os.path.join(tmp, "g1.h5")) as f1:
        g0, g1 = f0["/g"][...], f1["/g"][...]
    assert np.allclose(g1, x.T @ x, rtol=1e-12, atol=1e-9), np.abs(g1 - x.T @ x).max()
    assert np.array_equal(g0, g1), "not the same bits with and without the limit"
    trace = lambda out: re.search(r"result: (\S+)", out.stdout).group(1)
    assert trace(free_run) == trace(limited_run), (trace(free_run), trace(limited_run))
    print("hdf5_gram at 2MB: same bits as without a limit")
    spilled(os.path.join(tmp, "stats.json"))
    assert os.listdir(spill_dir) == [], os.listdir(spill_dir)

    # The seed's mean over 48 MB of random numbers with a limit of 2 MB per worker.
    mean = lambda *extra: run("seed_array_mean", "--shape", "2000,3000", "--chunks", "300,700", "--seed", "42", *extra)
    free_mean = re.search(r"result: (\S+)", mean().stdout).group(1)
    limited_mean = re.search(r"result: (\S+)", mean("--memory-limit", "2MB", *limited).stdout).group(1)
    assert free_mean == limited_mean, (free_mean, limited_mean)
    print("seed_array_mean at 2MB: same result as without a limit:", limited_mean)
    spilled(os.path.join(tmp, "stats.json"))
    assert os.listdir(spill_dir) == [], os.listdir(spill_dir)

    # 32 MB of random numbers, all held until the column means are known, with 8 MB per worker.
    center = lambda *extra, ranks=3: run(memory_app, "--mode", "center", "--n", "2000", "--chunk", "250", *extra,
                                         ranks=ranks)
    free_center = re.search(r"result: (\S+)", center().stdout).group(1)
    report = os.path.join(tmp, "report.html")
    limited_center = re.search(r"result: (\S+)", center("--memory-limit", "8MB", *limited, "--report", report).stdout).group(1)
    assert free_center == limited_center, (free_center, limited_center)
    print("((x - x.mean(0))^2).sum() at 8MB: same result as without a limit:", limited_center)
    # At np 1 the thread scheduler runs it: the limit is accepted and does not apply.
    single = re.search(r"result: (\S+)", center("--memory-limit", "8MB", ranks=1).stdout).group(1)
    assert single == free_center, (single, free_center)
    spilled(os.path.join(tmp, "stats.json"))
    workers = json.load(open(os.path.join(tmp, "stats.json")))["per_worker"]
    assert sum(w["spilled_bytes"] for w in workers) > 16e6, "most of x went to disk and came back"
    page = open(report).read()
    profile = json.loads(re.search(r'<script id="profile" type="application/json">(.*?)</script>', page, re.S).group(1))
    compute = profile["computes"][0]
    writes = [s for s in profile["spills"] if s["to_disk"]]
    reads = [s for s in profile["spills"] if not s["to_disk"]]
    # Spills the monitor finished after a worker's last report of the job are not in the profile.
    assert 0 < len(writes) <= sum(w["spill_count"] for w in workers), (len(writes), workers)
    assert 0 < len(reads) <= sum(w["unspilled_count"] for w in workers), (len(reads), workers)
    assert all(compute["start"] <= s["start"] <= s["end"] <= compute["end"] and s["bytes"] > 0 for s in profile["spills"])
    assert max(m["spilled_bytes"] for m in profile["memory"]) > 0, "no memory sample shows spilled bytes"
    print(f"report: {len(writes)} spills to disk, {len(reads)} read back, {len(profile['memory'])} memory samples")
    assert os.listdir(spill_dir) == [], os.listdir(spill_dir)

    # One task returns 64 MB under a limit of 16 MB.
    out = run(memory_app, "--mode", "large", "--mb", "64", "--memory-limit", "16MB", "--local-dir", spill_dir, check=False)
    assert out.returncode != 0, out
    message = re.search(r"memory_app: task '(.*)' failed: (.*)", out.stderr)
    assert message, out.stderr
    assert message.group(1).startswith("filled-") and "64.0 MB" in message.group(2) and "16.0 MB" in message.group(2), out.stderr
    print("a 64 MB result under a 16 MB limit:", message.group(0))
    assert os.listdir(spill_dir) == [], os.listdir(spill_dir)

    # Bad options: every rank checks them before MPI starts and stops with one line. The
    # launcher ends the job at the first rank's exit, so not every rank may get to print it.
    for option, value, expected in [("--memory-limit", "lots", "--memory-limit expects"),
                                    ("--memory-limit", "-1GB", "--memory-limit expects"),
                                    ("--local-dir", os.path.join(tmp, "missing"), "not a writable directory")]:
        out = run("seed_array_mean", "--shape", "10,10", option, value, check=False)
        if option == "--memory-limit":  # the same through the environment
            env_out = subprocess.run([mpiexec, "-n", "3", "--oversubscribe", os.path.join(apps, "seed_array_mean"),
                                      "--shape", "10,10"], env=dict(os.environ, DTASK_MEMORY_LIMIT=value),
                                     timeout=120, capture_output=True, text=True)
            assert env_out.returncode != 0 and expected in env_out.stderr, env_out.stderr
        lines = [l for l in out.stderr.splitlines() if expected in l]
        assert out.returncode != 0 and 1 <= len(lines) <= 3, (out.returncode, out.stderr)
        print(f"{option} {value}: exit {out.returncode}, {len(lines)} ranks said: {lines[0]}")
        single = run("seed_array_mean", "--shape", "10,10", option, value, check=False, ranks=1)
        assert single.returncode != 0 and single.stderr.count(expected) == 1, single.stderr
print("PASS")
