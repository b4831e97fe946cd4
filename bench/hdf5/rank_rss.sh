#!/usr/bin/env bash
# Runs one MPI rank under /usr/bin/time, its peak resident memory (KiB) going to DIR/rss.RANK:
#   mpirun -np 3 bench/hdf5/rank_rss.sh DIR APP ARGS...
dir=$1
shift
exec /usr/bin/time -f %M -o "$dir/rss.${OMPI_COMM_WORLD_RANK:-0}" "$@"
