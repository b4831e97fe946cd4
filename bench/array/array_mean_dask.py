"""The seed's mean(random((N, N), chunks=(C, C)), axis=1) on Dask's threaded scheduler.

    /usr/bin/python3 bench/array/array_mean_dask.py --n 20000 --chunk 1000 --threads 2

Prints the time, the mean of the result and the process's peak resident memory.
"""
import argparse
import resource
import time

import dask
import dask.array as da

parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=20000)
parser.add_argument("--chunk", type=int, default=1000)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()

start = time.perf_counter()
x = da.random.random((args.n, args.n), chunks=(args.chunk, args.chunk))
means = x.mean(axis=1).compute(scheduler="threads", num_workers=args.threads)
seconds = time.perf_counter() - start
print(f"seconds: {seconds}")
print(f"peak_rss_mb: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
print(f"result: {means.mean()}")
