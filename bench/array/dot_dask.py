"""Dask's side of bench/array/dot.sh: x.dot(x.T + 1) (or x.T @ x with --gram) for x uniform
random N x N in chunks of C, persisted on the threaded scheduler with 2 workers. Prints the
time and GFLOP/s (2 N^3, or N^3 for the Gram matrix, as the dtask side counts)."""
import argparse
import time

import dask
import dask.array as da

parser = argparse.ArgumentParser()
parser.add_argument("--n", type=int, default=6000)
parser.add_argument("--chunk", type=int, default=1000)
parser.add_argument("--gram", action="store_true")
args = parser.parse_args()

x = da.random.RandomState(1).random_sample((args.n, args.n), chunks=(args.chunk, args.chunk))
product = x.T @ x if args.gram else x.dot(x.T + 1)
with dask.config.set(scheduler="threads", num_workers=2):
    start = time.perf_counter()
    kept = product.persist()
    seconds = time.perf_counter() - start
flops = (1 if args.gram else 2) * float(args.n) ** 3
print(f"seconds: {seconds}")
print(f"gflops: {flops / seconds * 1e-9}")
