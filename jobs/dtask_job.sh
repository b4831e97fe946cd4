# Sourced by the job scripts of jobs/: how a dtask program starts inside a Slurm allocation.
# dtask_run PROGRAM ARGS... starts one worker rank per Slurm task plus rank 0 (the client and
# scheduler, which shares the first task's node: it is idle most of the time), each worker with
# SLURM_CPUS_PER_TASK compute threads.
#
# Settings (environment, with defaults):
#   DTASK_BUILD    build directory with apps/ (default: $SLURM_SUBMIT_DIR/build)
#   DTASK_LAUNCH   mpirun (default) or srun (with --mpi=$DTASK_SRUN_MPI, default pmix)
#   DTASK_MPIRUN_FLAGS  extra mpirun options (e.g. "--mca pml ob1" on a node without a fabric)

DTASK_BUILD=${DTASK_BUILD:-$SLURM_SUBMIT_DIR/build}
DTASK_LAUNCH=${DTASK_LAUNCH:-mpirun}

dtask_run() {
  local threads=${SLURM_CPUS_PER_TASK:-1}
  local ranks=$((SLURM_NTASKS + 1))
  echo "dtask job ${SLURM_JOB_ID}: ${SLURM_NTASKS} workers x ${threads} threads on ${SLURM_JOB_NUM_NODES} nodes (${SLURM_JOB_NODELIST}), plus the scheduler rank"
  case "$DTASK_LAUNCH" in
    mpirun)
      # One more rank than Slurm tasks: --oversubscribe lets rank 0 share the first node's slot;
      # no binding, so that the idle scheduler thread never pins a worker's core.
      # shellcheck disable=SC2086
      mpirun -np "$ranks" --oversubscribe --bind-to none ${DTASK_MPIRUN_FLAGS:-} "$@" --threads "$threads" ;;
    srun)
      # Open MPI finds its peers through PMIx, which srun provides with --mpi=pmix.
      srun --mpi="${DTASK_SRUN_MPI:-pmix}" --ntasks="$ranks" --overcommit --cpu-bind=none "$@" --threads "$threads" ;;
    *)
      echo "DTASK_LAUNCH must be mpirun or srun, not '$DTASK_LAUNCH'" >&2
      return 2 ;;
  esac
}
