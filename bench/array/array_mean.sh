#!/usr/bin/env bash
# The seed's mean(random((N, N), chunks=(1000, 1000)), axis=1): dtask at np 3 (2 workers x 1
# thread) and Dask's threaded scheduler with 2 workers, alternating runs; prints each run with
# the peak resident memory of every dtask rank (/usr/bin/time) and of the Dask process, then the
# medians and the ratio.
#
#   bench/array/array_mean.sh [--n N] [--chunk C] [--runs R] [--dask-runs K]   (BUILD_DIR defaults to build)
#   bench/array/array_mean.sh --n 100000 --runs 3 --dask-runs 1                 # the seed's 80 GB
set -euo pipefail
cd "$(dirname "$0")/../.."
n=20000 chunk=1000 runs=5 dask_runs=
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --chunk) chunk=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dask-runs) dask_runs=$2; shift 2 ;;
    *) echo "usage: $0 [--n N] [--chunk C] [--runs R] [--dask-runs K]" >&2; exit 2 ;;
  esac
done
dask_runs=${dask_runs:-$runs}
app=${BUILD_DIR:-build}/apps/seed_array_mean
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

value_of() { awk -v key="$1:" '$1 == key {print $2}'; }
dtask_times=() dask_times=()
for ((i = 1; i <= runs; i++)); do
  out=$(mpirun -np 3 --oversubscribe --bind-to none /usr/bin/time -f "peak_rss_kb: %M" \
        "$app" --shape "$n,$n" --chunks "$chunk,$chunk" --threads 1 2>&1)
  d=$(value_of seconds <<<"$out")
  rss=$(value_of peak_rss_kb <<<"$out" | awk '{printf "%s%.0f", sep, $1 / 1024; sep = "/"}')
  line=$(printf 'run %d: dtask %.3f s (result %s, peak MB per rank %s)' "$i" "$d" "$(value_of result <<<"$out")" "$rss")
  dtask_times+=("$d")
  if ((i <= dask_runs)); then
    out=$(/usr/bin/python3 bench/array/array_mean_dask.py --n "$n" --chunk "$chunk" --threads 2)
    k=$(value_of seconds <<<"$out")
    line+=$(printf '   dask %.3f s (peak MB %s)' "$k" "$(value_of peak_rss_mb <<<"$out")")
    dask_times+=("$k")
  fi
  echo "$line"
done

/usr/bin/python3 - "${dtask_times[*]}" "${dask_times[*]}" <<'PY'
import statistics, sys
d = statistics.median(map(float, sys.argv[1].split()))
k = statistics.median(map(float, sys.argv[2].split()))
print(f"dtask median: {d:.3f} s")
print(f"dask  median: {k:.3f} s")
print(f"ratio (dask / dtask): {k / d:.2f}x")
PY
