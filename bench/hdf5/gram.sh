#!/usr/bin/env bash
# G = X^T X of an HDF5 file: dtask's hdf5_gram at np 3 (2 workers x 1 thread, --bind-to none,
# OMPI_MCA_pml=ob1) against Dask's threaded scheduler with 2 workers (h5py + da.from_array), in
# alternating runs, each pair preceded by `cat FILE > /dev/null` for the disk's (or the page
# cache's) read throughput. Prints every run with the peak resident memory of each dtask rank
# (/usr/bin/time -f %M; ranks 0/1/2) and of the Dask process, the page-cache state of the file, then medians.
#
#   apps/hdf5_create --output /tmp/x.h5:/x --shape 200000,2000 --chunks 5000,1000   (3.2 GB)
#   bench/hdf5/gram.sh --input /tmp/x.h5:/x [--chunks 5000,1000] [--runs 3] [--dask-runs K]
#   bench/hdf5/gram.sh --input /tmp/x.h5:/x --memory-limit 800MB --dask-runs 0
set -euo pipefail
cd "$(dirname "$0")/../.."
input= chunks=5000,1000 runs=3 dask_runs= limit=
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=$2; shift 2 ;;
    --chunks) chunks=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --dask-runs) dask_runs=$2; shift 2 ;;
    --memory-limit) limit=$2; shift 2 ;;
    *) echo "usage: $0 --input FILE:/DATASET [--chunks R,C] [--runs R] [--dask-runs K] [--memory-limit L]" >&2; exit 2 ;;
  esac
done
[ -n "$input" ] || { echo "$0: --input FILE:/DATASET is required" >&2; exit 2; }
dask_runs=${dask_runs:-$runs}
file=${input%%:*}
build=${BUILD_DIR:-build}
app=$build/apps/hdf5_gram
[ -x "$app" ] || { echo "$app not found: build dtask first (see README)" >&2; exit 1; }
export OMPI_MCA_pml=ob1 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out_dir=$(mktemp -d)
trap 'rm -rf "$out_dir"' EXIT
extra=()
[ -n "$limit" ] && extra+=(--memory-limit "$limit" --local-dir "$out_dir")

value_of() { awk -v key="$1:" '$1 == key {print $2}'; }
cached() { fincore -b -n -o RES "$file" 2>/dev/null | awk -v size="$(stat -c %s "$file")" '{printf "%.0f%%", 100 * $1 / size}'; }
echo "load: $(uptime | sed 's/.*load average/load average/')"
dtask_times=() dask_times=() cat_rates=()
for ((i = 1; i <= runs; i++)); do
  before=$(cached)
  start=$(date +%s.%N)
  cat "$file" > /dev/null
  cat_rate=$(awk -v s="$start" -v e="$(date +%s.%N)" -v b="$(stat -c %s "$file")" 'BEGIN {printf "%.2f", b / (e - s) / 1e9}')
  cat_rates+=("$cat_rate")
  out=$(mpirun -np 3 --oversubscribe --bind-to none bench/hdf5/rank_rss.sh "$out_dir" "$app" --input "$input" --output "$out_dir/g.h5:/g" --overwrite --chunks "$chunks" --threads 1 \
        --stats "$out_dir/stats.json" "${extra[@]}" 2>&1)
  d=$(value_of seconds <<<"$out")
  rss=$(for r in 0 1 2; do awk '{printf "%.0f\n", $1 / 1024}' "$out_dir/rss.$r"; done | paste -sd/)
  spills=$(/usr/bin/python3 -c "import json,sys; w=json.load(open(sys.argv[1]))['per_worker']; print('/'.join(str(x['spill_count']) for x in w))" "$out_dir/stats.json")
  line=$(printf 'run %d: cache %s, cat %s GB/s | dtask %.2f s, %.2f GB/s (trace %s, peak MB per rank %s, spills per worker %s)' \
         "$i" "$before" "$cat_rate" "$d" "$(value_of read_bytes_per_second <<<"$out" | awk '{print $1 / 1e9}')" \
         "$(value_of result <<<"$out")" "$rss" "$spills")
  dtask_times+=("$d")
  if ((i <= dask_runs)); then
    out=$(/usr/bin/python3 bench/hdf5/gram_dask.py --input "$input" --chunks "$chunks" --threads 2)
    k=$(value_of seconds <<<"$out")
    line+=$(printf ' | dask %.2f s (trace %s, peak MB %s)' "$k" "$(value_of result <<<"$out")" "$(value_of peak_rss_mb <<<"$out")")
    dask_times+=("$k")
  fi
  echo "$line"
done
echo "load: $(uptime | sed 's/.*load average/load average/')"

/usr/bin/python3 - "$(stat -c %s "$file")" "${dtask_times[*]}" "${dask_times[*]:-}" "${cat_rates[*]}" <<'PY'
import statistics, sys
size = float(sys.argv[1])
d = statistics.median(map(float, sys.argv[2].split()))
print(f"dtask median: {d:.2f} s ({size / d / 1e9:.2f} GB/s)")
print(f"cat median: {statistics.median(map(float, sys.argv[4].split())):.2f} GB/s")
if sys.argv[3].strip():
    k = statistics.median(map(float, sys.argv[3].split()))
    print(f"dask  median: {k:.2f} s ({size / k / 1e9:.2f} GB/s)")
    print(f"ratio (dask / dtask): {k / d:.2f}x")
PY
