#!/usr/bin/env bash
# Bad input to apps/cholesky at np 3: a matrix that is not positive definite, and one that is not
# square, read from HDF5 files h5py writes. Each run must fail as app_bad_input.sh checks
# (within its time limit, exit status 1, one line naming the problem, no result, no output file).
#   check_cholesky_bad_input.sh MPIEXEC CHOLESKY
set -uo pipefail
mpiexec=$1 cholesky=$2
dir=$(mktemp -d) out=$(mktemp -d)
trap 'rm -rf "$dir" "$out"' EXIT
source "$(dirname "$0")/app_bad_input.sh"
/usr/bin/python3 - "$dir" <<'PY'
import sys
import h5py
import numpy as np
d = sys.argv[1]
a = np.eye(50) * 2.0
a[37, 37] = -1.0  # leading minor of order 38
with h5py.File(f"{d}/not_spd.h5", "w") as f:
    f["A"] = a
with h5py.File(f"{d}/not_square.h5", "w") as f:
    f["A"] = np.ones((30, 20))
PY

check not_positive_definite "matrix is not positive definite: the leading minor of order 38 is not positive" \
  "$cholesky" --input "$dir/not_spd.h5:/A" --chunk 16 --output "$out/l.h5:/L"
check not_square "cholesky needs a square matrix, not shape \\(30, 20\\)" \
  "$cholesky" --input "$dir/not_square.h5:/A" --chunk 16 --output "$out/l.h5:/L"
exit "$failures"
