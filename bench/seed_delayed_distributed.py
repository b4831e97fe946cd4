#!/usr/bin/python3
"""The seed's delayed loop on Dask distributed (LocalCluster, 2 worker processes x 1 thread):
the peer of `mpirun -np 3 seed_delayed`. Times graph construction and compute(), not the
cluster's start-up."""
import argparse
import time

from dask import delayed
from dask.distributed import Client, LocalCluster

from seed_delayed_dask import add, double, inc


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster):
        start = time.perf_counter()
        output = []
        for x in range(args.n):
            output.append(delayed(add)(delayed(inc)(x), delayed(double)(x)))
        result = delayed(sum)(output).compute()
        seconds = time.perf_counter() - start
    tasks = 3 * args.n + 1
    print(f"tasks: {tasks}")
    print(f"seconds: {seconds}")
    print(f"us_per_task: {seconds * 1e6 / tasks}")
    print(f"result: {result}")


if __name__ == "__main__":
    main()
