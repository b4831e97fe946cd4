#!/usr/bin/env bash
# Runs APP at 3 ranks with --stats: passes when its output has the line RESULT and every CHECK,
# a Python expression over the statistics `s` (the --stats JSON), is true.
#   check_stats.sh MPIEXEC APP RESULT CHECK...
set -euo pipefail
mpiexec=$1 app=$2 result=$3
shift 3
stats=$(mktemp --suffix=.json)
trap 'rm -f "$stats"' EXIT
output=$(timeout -s KILL 60 "$mpiexec" -n 3 --oversubscribe "$app" --threads 1 --stats "$stats")
echo "$output"
cat "$stats"
grep -qxF "$result" <<<"$output" || { echo "FAIL: no line '$result'"; exit 1; }
python3 - "$stats" "$@" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
for check in sys.argv[2:]:
    if not eval(check):
        sys.exit(f"FAIL: {check}")
print("PASS")
PY
