#!/usr/bin/env bash
# A job that aborts leaves no spill directory behind: a worker calls std::terminate (dtask's
# handler removes its directory, then aborts the job) and mpirun ends the other worker with
# SIGTERM (its handler removes that one).
#   check_abort_cleanup.sh EXPECT_FAILURE MPIEXEC FAILING_APP
set -u
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# mpirun sends SIGKILL one second after SIGTERM by default, which a loaded machine may not give
# a handler: ten seconds, as a site whose local disks are slow would set.
"$1" 30 "rank [12]: std::terminate was called" "$2" -n 3 --oversubscribe --mca odls_base_sigkill_timeout 10 "$3" --mode terminate \
  --threads 1 --memory-limit 1GB --local-dir "$dir" || exit 1
# mpirun may return while a killed rank is still running its signal handler: give it 5 s.
for ((i = 0; i < 50; i++)); do
  left=$(ls -A "$dir")
  [ -z "$left" ] && break
  sleep 0.1
done
if [ -n "$left" ]; then echo "FAIL: left behind in $dir: $left"; exit 1; fi
echo "PASS: no spill directory left"
