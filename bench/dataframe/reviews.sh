#!/usr/bin/env bash
# The seed's dataframe work on a reviews CSV, side by side in alternating runs: pandas, Dask's
# threaded scheduler (2 workers), dtask at np 3 (2 workers x 1 thread, --bind-to none,
# OMPI_MCA_pml=ob1), and dtask in one process with 2 threads (the embedded default, no mpirun). Two tasks: groupby (mean of overall per reviewerID: apps/seed_groupby) and
# merge (reviews merged with products on asin, mean of overall per category: apps/csv_merge).
# dtask's time is the whole mpirun, launch included (and, in brackets, the app's own time from
# read_csv to the result). Prints every run, then medians and ratios. Files come from
# apps/make_reviews; the page cache holds them after the first run (each run is preceded by
# `cat` of the files, so all tools read from memory).
#
#   build/apps/make_reviews --rows 5000000 --reviews /tmp/reviews.csv --products-csv /tmp/products.csv
#   bench/dataframe/reviews.sh --reviews /tmp/reviews.csv --products /tmp/products.csv [--runs 5] [--task groupby|merge|both]
set -euo pipefail
cd "$(dirname "$0")/../.."
reviews= products= runs=5 task=both
while [ $# -gt 0 ]; do
  case "$1" in
    --reviews) reviews=$2; shift 2 ;;
    --products) products=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --task) task=$2; shift 2 ;;
    *) echo "usage: $0 --reviews FILE --products FILE [--runs R] [--task groupby|merge|both]" >&2; exit 2 ;;
  esac
done
[ -n "$reviews" ] && [ -n "$products" ] || { echo "$0: --reviews and --products are required" >&2; exit 2; }
build=${BUILD_DIR:-build}
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tasks=(groupby merge)
[ "$task" = both ] || tasks=("$task")

value_of() { awk -v key="$1:" '$1 == key {print $2}'; }
now() { date +%s.%N; }
echo "load: $(uptime | sed 's/.*load average/load average/')"
echo "reviews: $(stat -c %s "$reviews") bytes, products: $(stat -c %s "$products") bytes"
summary=()
for t in "${tasks[@]}"; do
  if [ "$t" = groupby ]; then app=("$build/apps/seed_groupby" --csv "$reviews"); else app=("$build/apps/csv_merge" --reviews "$reviews" --products "$products"); fi
  dtask_times=() app_times=() local_times=() pandas_times=() dask_times=()
  for ((i = 1; i <= runs; i++)); do
    cat "$reviews" "$products" > /dev/null
    start=$(now)
    out=$(mpirun -np 3 --oversubscribe --bind-to none "${app[@]}" --threads 1 --no-progress)
    wall=$(awk -v s="$start" -v e="$(now)" 'BEGIN {printf "%.4f", e - s}')
    dtask_result=$(value_of result <<<"$out")
    dtask_times+=("$wall") app_times+=("$(value_of seconds <<<"$out")")
    start=$(now)
    "${app[@]}" --threads 2 --no-progress >/dev/null
    local_times+=("$(awk -v s="$start" -v e="$(now)" 'BEGIN {printf "%.4f", e - s}')")
    pandas=$(/usr/bin/python3 bench/dataframe/reviews_peer.py --tool pandas --task "$t" --reviews "$reviews" --products "$products")
    dask=$(/usr/bin/python3 bench/dataframe/reviews_peer.py --tool dask --threads 2 --task "$t" --reviews "$reviews" --products "$products")
    pandas_times+=("$(value_of seconds <<<"$pandas")") dask_times+=("$(value_of seconds <<<"$dask")")
    printf '%s run %d: dtask %.3f s (app %.3f s, result %s) | 2 threads %.3f s | pandas %.3f s (result %s) | dask %.3f s (result %s)\n' \
      "$t" "$i" "$wall" "${app_times[-1]}" "$dtask_result" "${local_times[-1]}" "${pandas_times[-1]}" "$(value_of result <<<"$pandas")" \
      "${dask_times[-1]}" "$(value_of result <<<"$dask")"
  done
  summary+=("$t|${dtask_times[*]}|${app_times[*]}|${local_times[*]}|${pandas_times[*]}|${dask_times[*]}")
done
echo "load: $(uptime | sed 's/.*load average/load average/')"

/usr/bin/python3 - "$(stat -c %s "$reviews")" "${summary[@]}" <<'PY'
import statistics, sys
size = float(sys.argv[1])
for entry in sys.argv[2:]:
    task, *series = entry.split("|")
    dtask, app, local, pandas, dask = (statistics.median(map(float, s.split())) for s in series)
    print(f"{task}: dtask np 3 median {dtask:.3f} s (app {app:.3f} s, {size / app / 2e6:.0f} MB/s parsed per core), "
          f"2 threads {local:.3f} s, pandas {pandas:.3f} s, dask {dask:.3f} s")
    print(f"{task}: ratios np 3: pandas/dtask {pandas / dtask:.1f}x, dask/dtask {dask / dtask:.1f}x; "
          f"2 threads: pandas/dtask {pandas / local:.1f}x, dask/dtask {dask / local:.1f}x")
PY
