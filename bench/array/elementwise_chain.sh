#!/usr/bin/env bash
# (sin(x)^2 + cos(x)^2).sum() over N x N (default 20000, chunks 1000): dtask at np 3 (2 workers
# x 1 thread) and Dask's threaded scheduler with 2 workers, alternating runs; prints each run,
# the medians, the bytes of x per second and the ratio.
#
#   bench/array/elementwise_chain.sh [--n N] [--chunk C] [--runs R]   (BUILD_DIR defaults to build)
set -euo pipefail
cd "$(dirname "$0")/../.."
n=20000 chunk=1000 runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --chunk) chunk=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--n N] [--chunk C] [--runs R]" >&2; exit 2 ;;
  esac
done
app=${BUILD_DIR:-build}/bench/array/elementwise_chain
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

seconds_of() { awk '/^seconds:/ {print $2}'; }
dtask_times=() dask_times=()
for ((i = 1; i <= runs; i++)); do
  d=$(mpirun -np 3 --oversubscribe --bind-to none "$app" --n "$n" --chunk "$chunk" --threads 1 | seconds_of)
  k=$(/usr/bin/python3 bench/array/elementwise_chain_dask.py --n "$n" --chunk "$chunk" --threads 2 | seconds_of)
  printf 'run %d: dtask %.3f s   dask %.3f s\n' "$i" "$d" "$k"
  dtask_times+=("$d") dask_times+=("$k")
done

/usr/bin/python3 - "$n" "${dtask_times[*]}" "${dask_times[*]}" <<'PY'
import statistics, sys
n = int(sys.argv[1]); nbytes = 8 * n * n
d = statistics.median(map(float, sys.argv[2].split()))
k = statistics.median(map(float, sys.argv[3].split()))
print(f"dtask median: {d:.3f} s ({nbytes / d / 1e9:.2f} GB/s of x)")
print(f"dask  median: {k:.3f} s ({nbytes / k / 1e9:.2f} GB/s of x)")
print(f"ratio (dask / dtask): {k / d:.2f}x")
PY
