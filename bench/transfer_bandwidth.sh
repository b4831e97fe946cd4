#!/usr/bin/env bash
# Worker-to-worker bandwidth of 8 MiB values in dtask against a raw MPI ping-pong of the same
# size, in one go. dtask's figure is the workers' own: the median over fetches of bytes over
# the time from the fetch request sent to the last byte of its answer received (--stats),
# as the ping-pong takes its median round; the mean over all fetches (the first ones land in
# fresh memory) and the round-based estimate of transfer_bandwidth (a task around the
# transfer) are shown too. The ping-pong runs twice: reusing one buffer, whose 8 MiB stay in
# the cache from round to round, and rotating through 8 buffers, as chunks do.
#   bench/transfer_bandwidth.sh [--mib M] [--rounds R]
set -euo pipefail
cd "$(dirname "$0")/.."
mib=8 rounds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --mib) mib=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--mib M] [--rounds R]" >&2; exit 2 ;;
  esac
done
bin=${BUILD_DIR:-build}/bench
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
stats=$(mktemp --suffix .json)
trap 'rm -f "$stats"' EXIT
r=$(timeout -s KILL 120 mpirun --timeout 110 --oversubscribe --bind-to none -np 3 "$bin/transfer_bandwidth" \
  --mib "$mib" --rounds "$rounds" --threads 1 --stats "$stats" | awk '/^result:/ {print $2}')
read -r d mean < <(python3 -c "
import json; w = [x for x in json.load(open('$stats'))['per_worker'] if x['fetched_bytes']]
print(max(x['fetch_bandwidth_median'] for x in w) / 1e9, sum(x['fetched_bytes'] for x in w) / sum(x['fetch_seconds'] for x in w) / 1e9)")
pingpong() {
  timeout -s KILL 120 mpirun --timeout 110 --oversubscribe --bind-to none -np 2 "$bin/mpi_pingpong" \
    --mib "$mib" --rounds "$rounds" "$@" | awk '/^result:/ {print $2}'
}
m=$(pingpong)
cold=$(pingpong --buffers 8)
printf 'dtask worker to worker (fetch to arrival): %.2f GB/s median, %.2f GB/s mean\n' "$d" "$mean"
printf 'dtask, estimated from task rounds:         %.2f GB/s\n' "$r"
printf 'raw MPI ping-pong:                         %.2f GB/s\n' "$m"
printf 'raw MPI ping-pong, 8 buffers in turn:      %.2f GB/s (data not in the cache)\n' "$cold"
python3 -c "print(f'ratio: {100 * $d / $m:.0f}% (against the cache-cold ping-pong: {100 * $d / $cold:.0f}%)')"
