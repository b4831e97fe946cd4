# Sourced by the linear algebra apps' bad-input scripts. `check NAME PATTERN APP ARGS...` runs
# APP ARGS at np 3 under $mpiexec and adds to `failures` when the run does not fail as it
# should: within 60 s, with exit status 1, exactly one line "APP: ...PATTERN", no result
# printed, and no file left in $out (the directory the cases write their outputs to).
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
  elif [ -n "$(ls -A "$out")" ]; then
    echo "FAIL: files left: $(ls -A "$out")"; failures=$((failures + 1))
    rm -rf "${out:?}"/*
  fi
}
