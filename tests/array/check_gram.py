"""hdf5_gram against NumPy: h5py writes X (ragged storage chunks), hdf5_gram computes G = X^T X
under mpiexec, h5py reads G; G and the printed trace must match NumPy's.
   check_gram.py MPIEXEC NP HDF5_GRAM"""
import os, re, subprocess, sys, tempfile
import h5py
import numpy as np

mpiexec, np_ranks, gram = sys.argv[1], sys.argv[2], sys.argv[3]
x = np.random.default_rng(3).standard_normal((1003, 37))
with tempfile.TemporaryDirectory() as tmp:
    with h5py.File(os.path.join(tmp, "x.h5"), "w") as f:
        f.create_dataset("/x", data=x, chunks=(100, 10))
    out = subprocess.run([mpiexec, "-n", np_ranks, "--oversubscribe", gram, "--threads", "1",
                          "--input", os.path.join(tmp, "x.h5") + ":/x", "--output", os.path.join(tmp, "g.h5") + ":/g"],
                         check=True, timeout=120, capture_output=True, text=True).stdout
    with h5py.File(os.path.join(tmp, "g.h5"), "r") as f:
        g = f["/g"][...]
    expected = x.T @ x
    assert g.dtype == np.float64 and g.shape == (37, 37)
    assert np.allclose(g, expected, rtol=1e-12, atol=1e-10), np.abs(g - expected).max()
    trace = float(re.search(r"result: (\S+)", out).group(1))
    assert abs(trace - np.trace(expected)) <= 1e-9 * np.trace(expected), (trace, np.trace(expected))
print("hdf5_gram agrees with NumPy at np", np_ranks)
