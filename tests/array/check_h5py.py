"""h5py and dtask agree on HDF5 files: h5py writes inputs of odd shapes, chunkings and dtypes,
dtask copies them (hdf5_copy, under mpiexec at the given rank count), h5py checks the copies.
   check_h5py.py MPIEXEC NP HDF5_COPY"""
import os, subprocess, sys, tempfile
import h5py
import numpy as np

mpiexec, np_ranks, copy = sys.argv[1], sys.argv[2], sys.argv[3]
rng = np.random.default_rng(7)
cases = {
    "f64_7x13": (rng.standard_normal((7, 13)), (3, 5)),
    "f32_ragged": (rng.standard_normal((50, 37)).astype(np.float32), (16, 9)),
    "i32_as_int64": (rng.integers(-1000, 1000, (11, 4)).astype(np.int32), (5, 4)),
    "i64_3d": (rng.integers(-2**60, 2**60, (4, 5, 6)), (2, 3, 4)),
    "bool_1x1": (np.array([[True]]), None),
    "bool_contiguous": (rng.integers(0, 2, (9, 8)).astype(bool), None),
    "empty_axis": (np.zeros((0, 5)), None),
}
with tempfile.TemporaryDirectory() as tmp:
    args = []
    for name, (data, chunks) in cases.items():
        with h5py.File(os.path.join(tmp, name + ".h5"), "w") as f:
            f.create_dataset("/data/x", data=data, chunks=chunks)
        args += [os.path.join(tmp, name + ".h5") + ":/data/x", os.path.join(tmp, name + "_out.h5") + ":/y"]
    for chunk_option in (["--chunks", "3"], []):
        subprocess.run([mpiexec, "-n", np_ranks, "--oversubscribe", copy, "--threads", "1"] + chunk_option + args,
                       check=True, timeout=120)
        for name, (data, _) in cases.items():
            with h5py.File(os.path.join(tmp, name + "_out.h5"), "r") as f:
                copied = f["/y"][...]
                expected = data.astype(np.int64) if data.dtype == np.int32 else data
                assert copied.dtype == expected.dtype, (name, copied.dtype, expected.dtype)
                assert copied.shape == expected.shape, (name, copied.shape)
                assert np.array_equal(copied, expected), name
            assert sorted(os.listdir(tmp)) == sorted(sum(([n + ".h5", n + "_out.h5"] for n in cases), [])), \
                "temporary files left behind"
print("h5py agrees with dtask on", len(cases), "datasets at np", np_ranks)
