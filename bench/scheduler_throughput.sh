#!/usr/bin/env bash
# Tasks per second through the MPI scheduler as workers are added (1 thread per worker):
# 100,000 independent no-op tasks and a tree reduction over 100,000 leaves (split_every 4),
# at np 2, 3, 5 and 9; medians of --runs runs. On a 2-core machine every np > 2 is
# oversubscribed, so the figures show the scheduler's cost under contention, not scaling.
#
#   bench/scheduler_throughput.sh [--runs R] [--tasks N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3 tasks=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --tasks) tasks=$2; shift 2 ;;
    *) echo "usage: $0 [--runs R] [--tasks N]" >&2; exit 2 ;;
  esac
done
bin=${BUILD_DIR:-build}/bench/scheduler_throughput
[ -x "$bin" ] || { echo "$bin not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

printf '%-12s %4s %16s\n' graph np tasks_per_second
for graph in independent tree; do
  for np in 2 3 5 9; do
    rates=()
    for ((i = 1; i <= runs; i++)); do
      rates+=("$(mpirun --oversubscribe --bind-to none -np "$np" "$bin" --kind "$graph" --tasks "$tasks" --threads 1 |
        awk '/^tasks_per_second:/ {print $2}')")
    done
    median=$(printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%-12s %4d %16.0f\n' "$graph" "$np" "$median"
  done
done
