#!/usr/bin/env bash
# The seed's delayed loop across processes: dtask under mpirun (rank 0 schedules, 2 workers x
# 1 thread, launch included: the whole mpirun is timed) against Dask distributed (LocalCluster,
# 2 worker processes x 1 thread, timed without its start-up), alternating runs; prints medians
# and the per-task ratio.
#
#   bench/seed_delayed_mpi.sh [--n N] [--dask-n N] [--runs R] [--np P]
set -euo pipefail
cd "$(dirname "$0")/.."
n=20000 dask_n=2000 runs=5 np=3
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --dask-n) dask_n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --np) np=$2; shift 2 ;;
    *) echo "usage: $0 [--n N] [--dask-n N] [--runs R] [--np P]" >&2; exit 2 ;;
  esac
done
app=${BUILD_DIR:-build}/apps/seed_delayed
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

dtask_us=() dask_us=()
for ((i = 1; i <= runs; i++)); do
  start=$(date +%s.%N)
  mpirun --oversubscribe --bind-to none -np "$np" "$app" --n "$n" --threads 1 >/dev/null
  end=$(date +%s.%N)
  d=$(python3 -c "print(($end - $start) * 1e6 / (3 * $n + 1))")
  k=$(/usr/bin/python3 bench/seed_delayed_distributed.py --n "$dask_n" --workers $((np - 1)) 2>/dev/null | awk '/^us_per_task:/ {print $2}')
  printf 'run %d: dtask %.2f us/task (launch included)   dask distributed %.0f us/task\n' "$i" "$d" "$k"
  dtask_us+=("$d") dask_us+=("$k")
done
/usr/bin/python3 - "${dtask_us[*]}" "${dask_us[*]}" <<'PY'
import statistics, sys
d = statistics.median(map(float, sys.argv[1].split()))
k = statistics.median(map(float, sys.argv[2].split()))
print(f"dtask median: {d:.2f} us/task")
print(f"dask distributed median: {k:.0f} us/task")
print(f"ratio per task: {k / d:.0f}x")
PY
