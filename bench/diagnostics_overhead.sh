#!/usr/bin/env bash
# What the profiler and --report cost: the seed's delayed loop (--n 20000: 60,001 tasks) at
# np 3, one thread per worker, with `--report FILE.html` (records on) and without (records
# off; the progress bar off in both, as it draws nothing on runs this short), alternating;
# medians of --runs runs of the compute() time the app prints ("seconds:"), and the median of
# each pair's ratio (steadier on a shared machine: a pair runs under about the same load). The
# report is written after that, at shut-down, and is timed separately.
#
#   bench/diagnostics_overhead.sh [--runs R] [--n N]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=9 n=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    *) echo "usage: $0 [--runs R] [--n N]" >&2; exit 2 ;;
  esac
done
bin=${BUILD_DIR:-build}/apps/seed_delayed
[ -x "$bin" ] || { echo "$bin not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
report=$(mktemp --suffix=.html)
trap 'rm -f "$report"' EXIT

run() {
  mpirun -np 3 --bind-to none --oversubscribe --mca pml ob1 "$bin" --n "$n" --threads 1 --no-progress "$@" |
    awk '/^seconds:/ {print $2}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

off=() on=() ratios=() whole=()
for ((i = 1; i <= runs; i++)); do
  off+=("$(run)")
  start=$(date +%s.%N)
  on+=("$(run --report "$report")")
  ratios+=("$(awk -v on="${on[-1]}" -v off="${off[-1]}" 'BEGIN {printf "%.4f", on / off}')")
  whole+=("$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.3f", a - b}')")
done
m_off=$(median "${off[@]}") m_on=$(median "${on[@]}")
echo "compute seconds, records off: $m_off (runs: ${off[*]})"
echo "compute seconds, --report:    $m_on (runs: ${on[*]})"
echo "slower by: $(awk -v on="$m_on" -v off="$m_off" 'BEGIN {printf "%.1f", (on / off - 1) * 100}')% (medians)," \
  "$(awk -v r="$(median "${ratios[@]}")" 'BEGIN {printf "%.1f", (r - 1) * 100}')% (median of the pairs' ratios)"
echo "report: $(du -h "$report" | cut -f1); whole run with --report, median $(median "${whole[@]}") s"
