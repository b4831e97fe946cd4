#!/usr/bin/env bash
# Worker-to-worker bandwidth of 8 MiB values in dtask against a raw MPI ping-pong of the same
# size, in one go.
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
d=$(mpirun --oversubscribe --bind-to none -np 3 "$bin/transfer_bandwidth" --mib "$mib" --rounds "$rounds" --threads 1 | awk '/^result:/ {print $2}')
m=$(mpirun --oversubscribe --bind-to none -np 2 "$bin/mpi_pingpong" --mib "$mib" --rounds "$rounds" | awk '/^result:/ {print $2}')
echo "dtask worker to worker: $d GB/s"
echo "raw MPI ping-pong:      $m GB/s"
python3 -c "print(f'ratio: {100 * $d / $m:.0f}%')"
