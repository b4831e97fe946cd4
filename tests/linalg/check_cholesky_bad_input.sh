#!/usr/bin/env bash
# Bad input to apps/cholesky at np 3: a matrix that is not positive definite, and one that is not
# square, read from HDF5 files h5py writes. Each run must exit 1 within its time limit with one
# line naming the problem, and leave no output file behind.
#   check_cholesky_bad_input.sh EXPECT_FAILURE MPIEXEC CHOLESKY
set -euo pipefail
expect_failure=$1 mpiexec=$2 cholesky=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
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

failures=0
check() {
  local name=$1 pattern=$2 input=$3
  echo "== $name"
  local log=$dir/$name.log
  if ! "$expect_failure" 60 "$pattern" "$mpiexec" -np 3 --oversubscribe "$cholesky" --input "$dir/$input.h5:/A" \
       --chunk 16 --output "$dir/l.h5:/L" --threads 1 --no-progress > "$log"; then
    failures=$((failures + 1))
  fi
  cat "$log"
  if ! grep -q '^exit status 1 ' "$log"; then echo "FAIL: exit status is not 1"; failures=$((failures + 1)); fi
  if [ "$(grep -c '^cholesky: ' "$log")" != 1 ]; then echo "FAIL: not one error line"; failures=$((failures + 1)); fi
  local left
  left=$(find "$dir" -name 'l.h5*')
  if [ -n "$left" ]; then echo "FAIL: output left behind: $left"; failures=$((failures + 1)); rm -f "$dir"/l.h5*; fi
}
check not_positive_definite "^cholesky: .*matrix is not positive definite: the leading minor of order 38 is not positive" not_spd
check not_square "^cholesky: cholesky needs a square matrix, not shape \\(30, 20\\)" not_square
exit "$failures"
