#!/usr/bin/env bash
# The seed's mean(random((N, N), chunks=(1000, 1000)), axis=1) at np 3 (2 workers x 1 thread,
# --bind-to none, OMPI_MCA_pml=ob1) with a memory limit per worker: prints each run's time,
# result, peak resident memory of ranks 0/1/2 (/usr/bin/time -f %M) and the workers' spill and
# pause counts (--stats), then the median time.
#
#   bench/hdf5/seed_mean_limited.sh [--n 100000] [--limit 256MB] [--runs 2]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=100000 limit=256MB runs=2
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    *) echo "usage: $0 [--n N] [--limit L] [--runs R]" >&2; exit 2 ;;
  esac
done
app=${BUILD_DIR:-build}/apps/seed_array_mean
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
value_of() { awk -v key="$1:" '$1 == key {print $2}'; }
echo "load: $(uptime | sed 's/.*load average/load average/')"
times=()
for ((i = 1; i <= runs; i++)); do
  out=$(mpirun -np 3 --oversubscribe --bind-to none bench/hdf5/rank_rss.sh "$dir" "$app" --shape "$n,$n" \
        --chunks 1000,1000 --threads 1 --memory-limit "$limit" --local-dir "$dir" --stats "$dir/stats.json" 2>&1)
  rss=$(for r in 0 1 2; do awk '{printf "%.0f\n", $1 / 1024}' "$dir/rss.$r"; done | paste -sd/)
  memory=$(/usr/bin/python3 -c "import json,sys; w=json.load(open(sys.argv[1]))['per_worker']; print(', '.join(f\"spills {x['spill_count']} pauses {x['pause_count']}\" for x in w))" "$dir/stats.json")
  d=$(value_of seconds <<<"$out")
  times+=("$d")
  printf 'run %d: %.1f s, result %s, peak MB per rank %s (limit %s), workers: %s\n' "$i" "$d" "$(value_of result <<<"$out")" "$rss" "$limit" "$memory"
done
echo "load: $(uptime | sed 's/.*load average/load average/')"
/usr/bin/python3 -c "import statistics, sys; print(f'median: {statistics.median(map(float, sys.argv[1:])):.1f} s')" "${times[@]}"
