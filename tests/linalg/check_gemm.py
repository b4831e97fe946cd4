"""apps/gemm at np 3 against NumPy: h5py writes A (float64) and B (float32) in ragged storage
chunks, gemm writes C = A B, h5py reads it back; C must be NumPy's A @ B and the printed
residual tiny. Bad input (inner extents that differ, B missing, an output that exists) must
exit 1 with one line and leave no output behind.
   check_gemm.py MPIEXEC GEMM"""
import os, re, subprocess, sys, tempfile
import h5py
import numpy as np

mpiexec, gemm = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(5)
a = rng.standard_normal((203, 61))
b = rng.standard_normal((61, 47)).astype(np.float32)


def run(*args):
    return subprocess.run([mpiexec, "-n", "3", "--oversubscribe", gemm, "--threads", "1", *args],
                          timeout=120, capture_output=True, text=True)


with tempfile.TemporaryDirectory() as tmp:
    path = lambda name: os.path.join(tmp, name)
    with h5py.File(path("in.h5"), "w") as f:
        f.create_dataset("/a", data=a, chunks=(50, 20))
        f.create_dataset("/b", data=b, chunks=(20, 13))
        f.create_dataset("/short", data=a[:60])
    out = run("--input", path("in.h5") + ":/a", "--input-b", path("in.h5") + ":/b", "--output", path("c.h5") + ":/c")
    assert out.returncode == 0, out.stderr
    with h5py.File(path("c.h5"), "r") as f:
        c = f["/c"][...]
    expected = a @ b.astype(np.float64)
    assert c.dtype == np.float64 and c.shape == (203, 47), (c.dtype, c.shape)
    assert np.abs(c - expected).max() <= 1e-12 * np.abs(expected).max(), np.abs(c - expected).max()
    residual = float(re.search(r"^result: (\S+)$", out.stdout, re.M).group(1))
    assert 0 <= residual < 1e-14, residual

    bad = [
        (["--input", path("in.h5") + ":/a", "--input-b", path("in.h5") + ":/short", "--output", path("bad.h5") + ":/c"],
         "not aligned"),
        (["--input", path("in.h5") + ":/a", "--output", path("bad.h5") + ":/c"], "--input and --input-b go together"),
        (["--n", "30", "--chunk", "8", "--output", path("c.h5") + ":/c"], "exists"),
    ]
    for args, message in bad:
        out = run(*args)
        lines = [line for line in out.stderr.splitlines() if line.startswith("gemm: ")]  # not mpirun's notice
        assert out.returncode == 1 and len(lines) == 1 and message in lines[0], (args, out.returncode, out.stderr)
        assert not os.path.exists(path("bad.h5")), args
    assert sorted(os.listdir(tmp)) == ["c.h5", "in.h5"], os.listdir(tmp)
print("gemm agrees with NumPy at np 3; bad input exits 1 with one line")
