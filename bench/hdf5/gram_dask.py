"""Dask's side of bench/hdf5/gram.sh: G = X^T X of an HDF5 dataset read through h5py,
da.from_array(dataset, chunks=CHUNKS), on the threaded scheduler with 2 workers. Prints the
time, the trace of G (to check against dtask) and the peak resident memory of the process."""
import argparse
import resource
import time

import dask
import dask.array as da
import h5py
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--input", required=True, help="FILE:/DATASET")
parser.add_argument("--chunks", default="5000,1000")
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
path, dataset = args.input.split(":", 1)

start = time.perf_counter()
with h5py.File(path, "r") as f:
    x = da.from_array(f[dataset], chunks=tuple(int(c) for c in args.chunks.split(",")))
    with dask.config.set(scheduler="threads", num_workers=args.threads):
        g = (x.T @ x).compute()
seconds = time.perf_counter() - start
print(f"seconds: {seconds}")
print(f"read_bytes_per_second: {x.nbytes / seconds}")
print(f"result: {np.trace(g):.15g}")
print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
