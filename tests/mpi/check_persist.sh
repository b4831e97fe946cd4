#!/usr/bin/env bash
# Runs persist_app at 3 ranks with --stats: the sums of the persisted array equal the others,
# rank 0 receives only the four 8-byte sums (not the 8 MB of chunks), and no worker holds
# anything at the end (the dropped array was freed).
#   check_persist.sh MPIEXEC APP
set -euo pipefail
stats=$(mktemp --suffix=.json)
trap 'rm -f "$stats"' EXIT
output=$(timeout -s KILL 60 "$1" -n 3 --oversubscribe "$2" --threads 1 --stats "$stats")
echo "$output"
cat "$stats"
grep -qx "result: same" <<<"$output" || { echo "FAIL: the sums differ"; exit 1; }
python3 - "$stats" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["bytes_to_client"] <= 4 * 64, s["bytes_to_client"]
assert all(w["keys_held"] == 0 for w in s["per_worker"]), s["per_worker"]
print("PASS")
PY
