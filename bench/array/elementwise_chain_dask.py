"""Dask's peer of elementwise_chain: (sin(x)**2 + cos(x)**2).sum() over a random N x N array,
threaded scheduler. Prints seconds, bytes of x per second and the result."""
import argparse
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
result = (da.sin(x) ** 2 + da.cos(x) ** 2).sum().compute(scheduler="threads", num_workers=args.threads)
seconds = time.perf_counter() - start
print(f"seconds: {seconds}")
print(f"bytes_per_second: {x.nbytes / seconds}")
print(f"result: {result}")
