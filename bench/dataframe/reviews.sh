#!/usr/bin/env bash
# The seed's dataframe work on a reviews CSV, side by side in balanced rounds: pandas, Dask's
# threaded scheduler (2 workers), dtask at np 3 (2 workers x 1 thread, --bind-to none,
# OMPI_MCA_pml=ob1), and dtask in one process with 2 threads (the embedded default, no mpirun).
# The np 3 runs skip hwloc's discovery of PCI devices (HWLOC_COMPONENTS=-pci,-linuxio): on this
# virtual machine every rank's and mpirun's reads of PCI configuration space trap to the
# hypervisor and add 50 ms to each MPI start, and shared memory and TCP do not use the devices.
# Two tasks: groupby (mean of overall per reviewerID: apps/seed_groupby) and merge (reviews
# merged with products on asin, mean of overall per category: apps/csv_merge).
#
# Every tool is timed two ways, and ratios are only taken between like and like:
#   work   inside the process, from read_csv to the result (the apps' `seconds:`; pandas and
#          Dask after their imports)
#   whole  the whole process from the shell: mpirun, MPI's start and end and the app for dtask;
#          the interpreter, the imports and the work for pandas and Dask
# Prints every run, then medians and ratios. Files come from apps/make_reviews; the page cache
# holds them after the first run (each run is preceded by `cat` of the files, so all tools read
# from memory).
#
#   build/apps/make_reviews --rows 5000000 --reviews /tmp/reviews.csv --products-csv /tmp/products.csv
#   bench/dataframe/reviews.sh --reviews /tmp/reviews.csv --products /tmp/products.csv [--runs 8] [--task groupby|merge|both]
set -euo pipefail
cd "$(dirname "$0")/../.."
reviews= products= runs=8 task=both
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
# Rounds take the tools (0 dtask np 3, 1 dtask 2 threads, 2 pandas, 3 Dask) in the orders of a
# balanced Latin square (Williams): over every 4 rounds each tool runs once in each place and
# follows each of the others once. What a run leaves behind (Dask and pandas keep both cores or
# one busy for seconds, and free gigabytes) so falls on every tool alike; a plain rotation would
# put dtask at np 3 after Dask each time.
orders=("0 1 3 2" "1 2 0 3" "2 3 1 0" "3 0 2 1")
# Runs a command; its `seconds:` (work) and its wall time (whole) go to the named arrays.
timed() {
  local -n work_of=$1 whole_of=$2
  shift 2
  local begin out
  begin=$(now)
  out=$("$@")
  whole_of+=("$(awk -v s="$begin" -v e="$(now)" 'BEGIN {printf "%.4f", e - s}')")
  work_of+=("$(value_of seconds <<<"$out")")
  last_result=$(value_of result <<<"$out")
}
for t in "${tasks[@]}"; do
  if [ "$t" = groupby ]; then app=("$build/apps/seed_groupby" --csv "$reviews"); else app=("$build/apps/csv_merge" --reviews "$reviews" --products "$products"); fi
  peer=(/usr/bin/python3 bench/dataframe/reviews_peer.py --task "$t" --reviews "$reviews" --products "$products")
  np3_work=() np3_whole=() local_work=() local_whole=() pandas_work=() pandas_whole=() dask_work=() dask_whole=()
  results=()
  run_tool() {
    case $1 in
      0) timed np3_work np3_whole env HWLOC_COMPONENTS=-pci,-linuxio mpirun -np 3 --oversubscribe --bind-to none "${app[@]}" --threads 1 --no-progress
         results[0]=$last_result ;;
      1) timed local_work local_whole "${app[@]}" --threads 2 --no-progress ;;
      2) timed pandas_work pandas_whole "${peer[@]}" --tool pandas
         results[2]=$last_result ;;
      3) timed dask_work dask_whole "${peer[@]}" --tool dask --threads 2
         results[3]=$last_result ;;
    esac
  }
  for ((i = 1; i <= runs; i++)); do
    cat "$reviews" "$products" > /dev/null
    for tool in ${orders[(i - 1) % 4]}; do run_tool "$tool"; done
    printf '%s run %d (work / whole s): dtask np 3 %.3f / %.3f (result %s) | 2 threads %.3f / %.3f | pandas %.3f / %.3f (result %s) | dask %.3f / %.3f (result %s)\n' \
      "$t" "$i" "${np3_work[-1]}" "${np3_whole[-1]}" "${results[0]}" "${local_work[-1]}" "${local_whole[-1]}" \
      "${pandas_work[-1]}" "${pandas_whole[-1]}" "${results[2]}" "${dask_work[-1]}" "${dask_whole[-1]}" "${results[3]}"
  done
  summary+=("$t|${np3_work[*]}|${np3_whole[*]}|${local_work[*]}|${local_whole[*]}|${pandas_work[*]}|${pandas_whole[*]}|${dask_work[*]}|${dask_whole[*]}")
done
echo "load: $(uptime | sed 's/.*load average/load average/')"

/usr/bin/python3 - "$(stat -c %s "$reviews")" "${summary[@]}" <<'PY'
import statistics, sys
size = float(sys.argv[1])
for entry in sys.argv[2:]:
    task, *series = entry.split("|")
    np3_work, np3_whole, local_work, local_whole, pandas_work, pandas_whole, dask_work, dask_whole = (
        statistics.median(map(float, s.split())) for s in series)
    print(f"{task} medians (work / whole s): dtask np 3 {np3_work:.3f} / {np3_whole:.3f} "
          f"({size / np3_work / 2e6:.0f} MB/s parsed per core), 2 threads {local_work:.3f} / {local_whole:.3f}, "
          f"pandas {pandas_work:.3f} / {pandas_whole:.3f}, dask {dask_work:.3f} / {dask_whole:.3f}")
    for name, work, whole in (("np 3", np3_work, np3_whole), ("2 threads", local_work, local_whole)):
        print(f"{task} ratios, dtask {name}: work pandas/dtask {pandas_work / work:.1f}x, dask/dtask {dask_work / work:.1f}x; "
              f"whole pandas/dtask {pandas_whole / whole:.1f}x, dask/dtask {dask_whole / whole:.1f}x")
PY
