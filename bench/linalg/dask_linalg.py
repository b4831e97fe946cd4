"""Dask's side of bench/linalg/linalg.sh: one dask.array.linalg operation on the threaded
scheduler with --threads workers (one OpenBLAS thread each), inputs persisted before the clock
starts, results persisted (every output of the operation computed and kept). Prints the
operation, the chunks, seconds and GFLOP/s (the same flop counts as the dtask apps and the
ScaLAPACK peer).

    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/linalg/dask_linalg.py --op cholesky --n 6000 --chunk 1000

Operations: cholesky (of x x^T + n I, lower), gemm (a @ b), lu (p, l, u), solve (a x = b,
b a vector), tsqr (q and r of a tall m x n matrix in row chunks), svd (u, s, v of a tall
matrix: TSQR then the SVD of r).
"""
import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # before numpy loads OpenBLAS

import dask  # noqa: E402
import dask.array as da  # noqa: E402

parser = argparse.ArgumentParser()
parser.add_argument("--op", required=True, choices=["cholesky", "gemm", "lu", "solve", "tsqr", "svd"])
parser.add_argument("--n", type=int, default=6000, help="order, or columns of the tall matrix")
parser.add_argument("--m", type=int, default=400000, help="rows of the tall matrix (tsqr, svd)")
parser.add_argument("--chunk", type=int, nargs="+", default=None,
                    help="chunks R [C] (default: 1000 x 1000, or 20000 x n for tall)")
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--seed", type=int, default=1)
args = parser.parse_args()

tall = args.op in ("tsqr", "svd")
chunk = args.chunk or ([20000, args.n] if tall else [1000])
chunks = (chunk[0], chunk[-1])
n, m = args.n, args.m
state = da.random.RandomState(args.seed)

with dask.config.set(scheduler="threads", num_workers=args.threads):
    if tall:
        a = state.random_sample((m, n), chunks=chunks)
        inputs = [a]
    else:
        a = state.random_sample((n, n), chunks=chunks)
        if args.op == "cholesky":
            a = a @ a.T + n * da.eye(n, chunks=chunks[0])
        inputs = [a]
        if args.op == "gemm":
            inputs.append(state.random_sample((n, n), chunks=chunks))
        if args.op == "solve":
            inputs.append(state.random_sample((n,), chunks=chunks[0]))
    inputs = dask.persist(*inputs)
    a = inputs[0]

    if args.op == "cholesky":
        outputs = [da.linalg.cholesky(a, lower=True)]
        flops = n ** 3 / 3
    elif args.op == "gemm":
        outputs = [a @ inputs[1]]
        flops = 2 * n ** 3
    elif args.op == "lu":
        outputs = list(da.linalg.lu(a))
        flops = 2 * n ** 3 / 3
    elif args.op == "solve":
        outputs = [da.linalg.solve(a, inputs[1])]
        flops = 2 * n ** 3 / 3 + 2 * n ** 2
    elif args.op == "tsqr":
        outputs = list(da.linalg.tsqr(a))
        flops = 4 * m * n ** 2 - 4 * n ** 3 / 3
    else:
        outputs = list(da.linalg.svd(a))
        flops = 4 * m * n ** 2 - 4 * n ** 3 / 3 + 2 * m * n ** 2  # QR, then U = Q U_r

    start = time.perf_counter()
    kept = dask.persist(*outputs)
    seconds = time.perf_counter() - start

print(f"op: {args.op}")
print(f"chunks: {chunks[0]} x {chunks[1]}")
print(f"seconds: {seconds}")
print(f"gflops: {float(flops) / seconds * 1e-9}")
