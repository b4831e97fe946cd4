#!/usr/bin/env bash
# What the profiler and --report cost: the seed's delayed loop (--n 20000: 60,001 tasks) at
# np 3, one thread per worker, with `--report FILE.html` (records on) and without (records
# off; the progress bar off in both, as it draws nothing on runs this short), alternating;
# medians of --runs runs of the compute() time the app prints ("seconds:"), and the median of
# each pair's ratio (steadier on a shared machine: a pair runs under about the same load). The
# report is written after that, at shut-down, and is timed separately.
#
# --base BIN adds a third run per round: BIN, a seed_delayed built without diagnostics (what
# is always on: progress counters, the extra numbers in TaskDone, transfers reported).
#
#   bench/diagnostics_overhead.sh [--runs R] [--n N] [--base BIN]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=9 n=20000 base=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs=$2; shift 2 ;;
    --n) n=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    *) echo "usage: $0 [--runs R] [--n N] [--base BIN]" >&2; exit 2 ;;
  esac
done
bin=${BUILD_DIR:-build}/apps/seed_delayed
[ -x "$bin" ] || { echo "$bin not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
report=$(mktemp --suffix=.html)
trap 'rm -f "$report"' EXIT

run() {
  local app=$1
  shift
  mpirun -np 3 --bind-to none --oversubscribe --mca pml ob1 "$app" --n "$n" --threads 1 --no-progress "$@" |
    awk '/^seconds:/ {print $2}'
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.4f", a / b}'; }
percent() { awk -v r="$1" 'BEGIN {printf "%+.1f%%", (r - 1) * 100}'; }

off=() on=() old=() on_off=() off_old=() whole=()
for ((i = 1; i <= runs; i++)); do
  off+=("$(run "$bin")")
  start=$(date +%s.%N)
  on+=("$(run "$bin" --report "$report")")
  whole+=("$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {printf "%.3f", a - b}')")
  on_off+=("$(ratio "${on[-1]}" "${off[-1]}")")
  if [ -n "$base" ]; then
    old+=("$(run "$base")")
    off_old+=("$(ratio "${off[-1]}" "${old[-1]}")")
  fi
done
echo "compute seconds, records off: $(median "${off[@]}") (runs: ${off[*]})"
echo "compute seconds, --report:    $(median "${on[@]}") (runs: ${on[*]})"
echo "--report against off: $(percent "$(ratio "$(median "${on[@]}")" "$(median "${off[@]}")")") (medians)," \
  "$(percent "$(median "${on_off[@]}")") (median of the pairs' ratios)"
if [ -n "$base" ]; then
  echo "compute seconds, without diagnostics: $(median "${old[@]}") (runs: ${old[*]})"
  echo "off against without diagnostics: $(percent "$(ratio "$(median "${off[@]}")" "$(median "${old[@]}")")") (medians)," \
    "$(percent "$(median "${off_old[@]}")") (median of the pairs' ratios)"
fi
echo "report: $(du -h "$report" | cut -f1); whole run with --report, median $(median "${whole[@]}") s"
