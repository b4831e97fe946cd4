#!/usr/bin/env bash
# Bad input to apps/lu_solve at np 3: a singular matrix and a non-square one, from HDF5 files
# written by h5py. Each run must fail as app_bad_input.sh checks (within its time limit, exit
# status 1, one line naming the problem, no result, no output file).
#   check_lu_solve_bad_input.sh MPIEXEC LU_SOLVE
set -uo pipefail
mpiexec=$1 app=$2
dir=$(mktemp -d) out=$(mktemp -d)
trap 'rm -rf "$dir" "$out"' EXIT
source "$(dirname "$0")/app_bad_input.sh"
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

check singular "matrix is singular: U\(17, 17\) is zero" "$app" --input "$dir/singular.h5:/A" --chunk 10 --output "$out/x.h5:/x"
check not_square "needs a square matrix, not shape \(40, 30\)" "$app" --input "$dir/wide.h5:/A" --chunk 10 --output "$out/x.h5:/x"
exit "$failures"
