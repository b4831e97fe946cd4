#!/usr/bin/env bash
# Bad input to the tsqr and svd apps at np 3: each case must fail as app_bad_input.sh checks
# (within its time limit, exit status 1, one line of its own, no result, no output file).
#   check_qr_bad_input.sh MPIEXEC TSQR SVD
set -uo pipefail
mpiexec=$1 tsqr=$2 svd=$3
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
source "$(dirname "$0")/app_bad_input.sh"

check wide_matrix "tsqr needs a tall-skinny matrix \(m >= n\), not shape \(100, 200\)" \
  "$tsqr" --m 100 --n 200 --q-output "$out/q.h5:/q" --r-output "$out/r.h5:/r"
check column_chunks "tsqr needs one chunk along axis 1: rechunk to \{100, 50\}" \
  "$tsqr" --m 1000 --n 50 --chunk 100,25 --q-output "$out/q.h5:/q"
check missing_input "missing.h5" "$tsqr" --input "$out/missing.h5:/a" --q-output "$out/q.h5:/q"
check k_too_large "--k 61 is not in 1..min\(m, n\) = 60" "$svd" --m 1000 --n 60 --k 61 --output "$out/s.h5:/s"
check randomised_k_too_large "svd_compressed: k = 61 is not in 1..min\(m, n\) = 60" \
  "$svd" --m 1000 --n 60 --k 61 --method randomised --output "$out/s.h5:/s"
check svd_column_chunks "svd needs one chunk along axis 1: rechunk to \{200, 60\}" \
  "$svd" --m 1000 --n 60 --chunk 200,30 --k 5 --output "$out/s.h5:/s"
exit "$failures"
