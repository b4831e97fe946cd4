#!/usr/bin/env bash
# Bad input to the tsqr and svd apps at np 3: each case must end within its time limit with exit
# status 1, print one line of its own (the app's name, then the message) and no result, and
# leave no output file behind.
#   check_qr_bad_input.sh MPIEXEC TSQR SVD
set -uo pipefail
mpiexec=$1 tsqr=$2 svd=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

failures=0
check() {
  local name=$1 pattern=$2
  shift 2
  echo "== $name"
  local output status app
  output=$(timeout -s KILL 60 "$mpiexec" -np 3 --oversubscribe "$@" --threads 1 --no-progress 2>&1)
  status=$?
  app=$(basename "$1")
  echo "$output" | sed 's/^/  | /'
  if [ "$status" -eq 137 ]; then
    echo "FAIL: still running after 60s"; failures=$((failures + 1))
  elif [ "$status" -ne 1 ]; then
    echo "FAIL: exit status $status, not 1"; failures=$((failures + 1))
  elif [ "$(grep -c "^$app: " <<<"$output")" != 1 ] || ! grep -qE "^$app: .*$pattern" <<<"$output"; then
    echo "FAIL: not one line '$app: ...$pattern'"; failures=$((failures + 1))
  elif grep -q "^result: \|^A: " <<<"$output"; then
    echo "FAIL: printed more than the error"; failures=$((failures + 1))
  elif [ -n "$(ls -A "$dir")" ]; then
    echo "FAIL: files left: $(ls -A "$dir")"; failures=$((failures + 1))
  fi
}
check wide_matrix "tsqr needs a tall-skinny matrix \(m >= n\), not shape \(100, 200\)" \
  "$tsqr" --m 100 --n 200 --q-output "$dir/q.h5:/q" --r-output "$dir/r.h5:/r"
check column_chunks "tsqr needs one chunk along axis 1: rechunk to \{100, 50\}" \
  "$tsqr" --m 1000 --n 50 --chunk 100,25 --q-output "$dir/q.h5:/q"
check missing_input "missing.h5" "$tsqr" --input "$dir/missing.h5:/a" --q-output "$dir/q.h5:/q"
check k_too_large "--k 61 is not in 1..min\(m, n\) = 60" "$svd" --m 1000 --n 60 --k 61 --output "$dir/s.h5:/s"
check randomised_k_too_large "svd_compressed: k = 61 is not in 1..min\(m, n\) = 60" \
  "$svd" --m 1000 --n 60 --k 61 --method randomised --output "$dir/s.h5:/s"
check svd_column_chunks "svd needs one chunk along axis 1: rechunk to \{200, 60\}" \
  "$svd" --m 1000 --n 60 --chunk 200,30 --k 5 --output "$dir/s.h5:/s"
exit "$failures"
