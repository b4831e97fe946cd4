#!/usr/bin/env bash
# Submits every job script of jobs/ to a one-node Slurm started for the test (scripts/one-node-slurm),
# once launched by mpirun and once by srun, and checks that each ends COMPLETED with one
# `result:` line in its output. The daemons are stopped at the end, whatever happens.
#   check_jobs.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
source_dir=$(cd "$1" && pwd) build_dir=$(cd "$2" && pwd)
work=$(mktemp -d)
cleanup() { "$source_dir/scripts/one-node-slurm" stop "$work/slurm" || true; rm -rf "$work"; }
trap cleanup EXIT
"$source_dir/scripts/one-node-slurm" start "$work/slurm"
export SLURM_CONF=$work/slurm/slurm.conf DTASK_BUILD=$build_dir DTASK_JOBS=$source_dir/jobs
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 DTASK_MPIRUN_FLAGS="--mca pml ob1"

"$build_dir/apps/make_reviews" --rows 50000 --products 500 --reviews "$work/reviews.csv" >/dev/null
# Arguments of each job script, by name.
declare -A arguments=(
  [seed_groupby]="$work/reviews.csv"
  [gemm]="--n 600 --chunk 128 --output $work/gemm.h5:/c --overwrite"
  [tsqr]="--m 20000 --n 100 --chunk 2000,100 --q-output $work/q.h5:/q --r-output $work/r.h5:/r --overwrite"
  [svd]="--m 20000 --n 100 --chunk 2000,100 --k 10 --vectors --output $work/s.h5:/s --overwrite"
  [cholesky]="--n 600 --chunk 128 --output $work/l.h5:/L --overwrite"
  [lu_solve]="--n 600 --chunk 128 --output $work/x.h5:/x --overwrite"
)

failures=0
cd "$work"
for script in "$source_dir"/jobs/*.sbatch; do
  name=$(basename "$script" .sbatch)
  for launch in mpirun srun; do
    out=$work/$name.$launch.out
    # One node of 2 CPUs: 2 workers of 1 thread (overcommitted: rank 0 shares a CPU).
    # shellcheck disable=SC2086
    if ! DTASK_LAUNCH=$launch timeout 120 sbatch --wait --quiet --nodes=1 --ntasks-per-node=2 \
         --cpus-per-task=1 --overcommit --output="$out" "$script" ${arguments[$name]:-}; then
      echo "FAIL: $name ($launch) did not complete"; failures=$((failures + 1))
    elif [ "$(grep -c '^result: ' "$out")" != 1 ]; then
      echo "FAIL: $name ($launch) printed no result, or one per rank"; failures=$((failures + 1))
    else
      echo "ok: $name ($launch): $(grep '^result: ' "$out")"
    fi
    sed 's/^/  | /' "$out"
  done
done
exit "$failures"
