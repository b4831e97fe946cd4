#!/usr/bin/env bash
# Bad input to apps/lu_solve at np 3: a singular matrix and a non-square one, from HDF5 files
# written by h5py. Each run must end quickly with exit status 1, one line naming the problem,
# and no output file.
#   check_lu_solve_bad_input.sh MPIEXEC LU_SOLVE
set -uo pipefail
mpiexec=$1 app=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
/usr/bin/python3 - "$dir" <<'PY'
import sys
import h5py
import numpy as np
rng = np.random.default_rng(1)
singular = rng.random((40, 40))
singular[:, 17] = 0.0  # U(17, 17) is exactly zero
with h5py.File(f"{sys.argv[1]}/singular.h5", "w") as f:
    f["A"] = singular
with h5py.File(f"{sys.argv[1]}/wide.h5", "w") as f:
    f["A"] = rng.random((40, 30))
PY

failures=0
check() {
  local name=$1 pattern=$2 input=$3
  echo "== $name"
  output=$(timeout -s KILL 60 "$mpiexec" -np 3 --oversubscribe "$app" --input "$input" --chunk 10 \
           --output "$dir/x.h5:/x" --threads 1 --no-progress 2>&1)
  status=$?
  echo "$output"
  if [ "$status" -ne 1 ]; then echo "FAIL: exit status $status, not 1"; failures=$((failures + 1)); fi
  if [ "$(grep -cE "$pattern" <<<"$output")" != 1 ]; then echo "FAIL: not one line matching $pattern"; failures=$((failures + 1)); fi
  if ls "$dir"/x.h5* >/dev/null 2>&1; then echo "FAIL: an output file was left"; failures=$((failures + 1)); fi
}
check singular "matrix is singular: U\(17, 17\) is zero" "$dir/singular.h5:/A"
check not_square "needs a square matrix, not shape \(40, 30\)" "$dir/wide.h5:/A"
exit "$failures"
