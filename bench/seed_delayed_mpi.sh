#!/usr/bin/env bash
# The seed's delayed loop across processes: dtask under mpirun (rank 0 schedules, 2 workers x
# 1 thread, launch included: the whole mpirun is timed) against Dask distributed (LocalCluster,
# 2 worker processes x 1 thread, timed without its start-up), alternating runs; prints medians
# and the per-task ratio. dtask runs twice per round: with Open MPI's default transport
# selection, and with OMPI_MCA_pml=ob1, which skips the UCX probe (0.2 s of MPI_Init on a
# machine without InfiniBand; the advice for workstations in the README).
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

# Microseconds per task of one whole mpirun of the app; extra environment as arguments.
dtask_run() {
  local start end
  start=$(date +%s.%N)
  env "$@" timeout -s KILL 120 mpirun --timeout 110 --oversubscribe --bind-to none -np "$np" "$app" --n "$n" --threads 1 >/dev/null
  end=$(date +%s.%N)
  python3 -c "print(($end - $start) * 1e6 / (3 * $n + 1))"
}

default_us=() ob1_us=() dask_us=()
for ((i = 1; i <= runs; i++)); do
  d=$(dtask_run)
  o=$(dtask_run OMPI_MCA_pml=ob1)
  k=$(/usr/bin/python3 bench/seed_delayed_distributed.py --n "$dask_n" --workers $((np - 1)) 2>/dev/null | awk '/^us_per_task:/ {print $2}')
  printf 'run %d: dtask %.2f us/task, with pml ob1 %.2f (launch included)   dask distributed %.0f us/task\n' "$i" "$d" "$o" "$k"
  default_us+=("$d") ob1_us+=("$o") dask_us+=("$k")
done
/usr/bin/python3 - "${default_us[*]}" "${ob1_us[*]}" "${dask_us[*]}" <<'PY'
import statistics, sys
d, o, k = (statistics.median(map(float, a.split())) for a in sys.argv[1:4])
print(f"dtask median: {d:.2f} us/task (default), {o:.2f} us/task (pml ob1)")
print(f"dask distributed median: {k:.0f} us/task")
print(f"ratio per task: {k / d:.0f}x (default), {k / o:.0f}x (pml ob1)")
PY
