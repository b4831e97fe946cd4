#!/usr/bin/python3
"""The seed's delayed loop on Dask's threaded scheduler: the peer of apps/seed_delayed.

Times graph construction and compute() together, as seed_delayed does, and prints the same
lines (tasks, seconds, us_per_task, result).
"""
import argparse
import time

import dask
from dask import delayed


def inc(x):
    return x + 1


def double(x):
    return x + 2


def add(x, y):
    return x + y


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    start = time.perf_counter()
    output = []
    for x in range(args.n):
        a = delayed(inc)(x)
        b = delayed(double)(x)
        output.append(delayed(add)(a, b))
    total = delayed(sum)(output)
    result = total.compute(scheduler="threads", num_workers=args.threads)
    seconds = time.perf_counter() - start

    tasks = 3 * args.n + 1
    print(f"dask: {dask.__version__}")
    print(f"tasks: {tasks}")
    print(f"seconds: {seconds}")
    print(f"us_per_task: {seconds * 1e6 / tasks}")
    print(f"result: {result}")


if __name__ == "__main__":
    main()
