#!/usr/bin/env bash
# Runs two_inputs_app at 3 ranks with --stats and checks the counters: the result is right,
# at least one 8 MiB input went worker to worker, only the 8-byte result went to rank 0, and
# no worker holds anything at the end.
#   check_transfer.sh MPIEXEC APP
set -euo pipefail
stats=$(mktemp --suffix=.json)
trap 'rm -f "$stats"' EXIT
output=$(timeout -s KILL 60 "$1" -n 3 --oversubscribe "$2" --threads 1 --stats "$stats")
echo "$output"
cat "$stats"
grep -qx "result: 6291456" <<<"$output" || { echo "FAIL: wrong result"; exit 1; }
python3 - "$stats" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["tasks"] == 3, s["tasks"]
assert s["bytes_worker_to_worker"] >= 8 * 2**20, s["bytes_worker_to_worker"]
assert s["bytes_to_client"] == 8, s["bytes_to_client"]
assert all(w["keys_held"] == 0 for w in s["per_worker"]), s["per_worker"]
assert sorted(w["tasks"] for w in s["per_worker"]) in ([1, 2],), s["per_worker"]
print("PASS")
PY
