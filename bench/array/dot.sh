#!/usr/bin/env bash
# x.dot(x.T + 1) and x.T @ x for x uniform random N x N in chunks of C: dtask at np 3 (2 workers
# x 1 thread), Dask (threads, 2 workers, one BLAS thread each) and OpenBLAS on 2 threads, run
# alternately RUNS times; prints medians and ratios.
#
#   bench/array/dot.sh [BUILD_DIR]        # N=6000 C=1000 RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
N=${N:-6000} C=${C:-1000} RUNS=${RUNS:-5}
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

field() { grep "^$1:" | awk '{print $2}'; }
dtask() { mpirun -np 3 --oversubscribe --bind-to none "$BUILD/apps/seed_dot" --n "$N" --chunk "$C" --seed 1 --threads 1 "$@"; }
dask() { OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/array/dot_dask.py --n "$N" --chunk "$C" "$@"; }

for run in $(seq "$RUNS"); do
  dtask | field gflops >> "$out/dtask_dot"
  dask | field gflops >> "$out/dask_dot"
  "$BUILD/bench/array/dgemm_peer" --n "$N" --runs 1 > "$out/peer"
  field dgemm_gflops < "$out/peer" >> "$out/blas_dot"
  field dsyrk_gflops < "$out/peer" >> "$out/blas_gram"
  dtask --gram | field gflops >> "$out/dtask_gram"
  dask --gram | field gflops >> "$out/dask_gram"
  echo "run $run: dtask $(tail -1 "$out/dtask_dot") dask $(tail -1 "$out/dask_dot") openblas $(tail -1 "$out/blas_dot") GFLOP/s" \
       "| gram: dtask $(tail -1 "$out/dtask_gram") dask $(tail -1 "$out/dask_gram") openblas $(tail -1 "$out/blas_gram")"
done

median() { sort -g "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
# On a shared machine the load moves between runs: the ratio within each run (dtask and
# OpenBLAS measured seconds apart) is steadier than the ratio of the medians.
for what in dot gram; do
  paste "$out/dtask_$what" "$out/blas_$what" | awk '{print $1 / $2}' > "$out/ratio_$what"
done
flops_dot=$(awk -v n="$N" 'BEGIN {print 2 * n ^ 3}')
for what in dot gram; do
  d=$(median "$out/dtask_$what") k=$(median "$out/dask_$what") b=$(median "$out/blas_$what")
  echo "$what N=$N C=$C medians of $RUNS (GFLOP/s): dtask $d  dask $k  openblas(2 threads) $b" \
       " dtask/openblas $(awk -v a="$d" -v b="$b" 'BEGIN {printf "%.2f", a / b}')" \
       " dtask/dask $(awk -v a="$d" -v b="$k" 'BEGIN {printf "%.2f", a / b}')" \
       " median of the runs' dtask/openblas $(median "$out/ratio_$what" | awk '{printf "%.2f", $1}')"
done
echo "(dot counts 2 N^3 = $flops_dot flops; gram counts N^3)"
