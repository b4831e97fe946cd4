#!/usr/bin/env bash
# The seed's delayed loop (n = 20000: 60001 tasks) on dtask's thread scheduler and on Dask's
# threaded scheduler, side by side, alternating runs; prints each run, the medians and the ratio.
#
#   bench/seed_delayed.sh [--n N] [--runs R] [--threads T]    (build first: see README)
set -euo pipefail
cd "$(dirname "$0")/.."
n=20000 runs=7 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "usage: $0 [--n N] [--runs R] [--threads T]" >&2; exit 2 ;;
  esac
done
app=${BUILD_DIR:-build}/apps/seed_delayed
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }

seconds_of() { awk '/^seconds:/ {print $2}'; }
dtask_times=() dask_times=()
for ((i = 1; i <= runs; i++)); do
  d=$("$app" --n "$n" --threads "$threads" | seconds_of)
  k=$(/usr/bin/python3 bench/seed_delayed_dask.py --n "$n" --threads "$threads" | seconds_of)
  printf 'run %d: dtask %.4f s   dask %.3f s\n' "$i" "$d" "$k"
  dtask_times+=("$d") dask_times+=("$k")
done

/usr/bin/python3 - "$n" "${dtask_times[*]}" "${dask_times[*]}" <<'PY'
import statistics, sys
n = int(sys.argv[1]); tasks = 3 * n + 1
d = statistics.median(map(float, sys.argv[2].split()))
k = statistics.median(map(float, sys.argv[3].split()))
print(f"tasks: {tasks}")
print(f"dtask median: {d:.4f} s ({d * 1e6 / tasks:.2f} us/task)")
print(f"dask  median: {k:.3f} s ({k * 1e6 / tasks:.1f} us/task)")
print(f"ratio (dask / dtask): {k / d:.0f}x")
PY
