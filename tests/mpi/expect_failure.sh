#!/usr/bin/env bash
# Runs a command that must fail: passes when it exits non-zero, within the time limit, with a
# line matching the pattern in its output.
#   expect_failure.sh SECONDS PATTERN COMMAND...
set -u
limit=$1 pattern=$2
shift 2
start=$(date +%s)
output=$(timeout -s KILL "$limit" "$@" 2>&1)
status=$?
elapsed=$(( $(date +%s) - start ))
echo "$output"
echo "exit status $status after ${elapsed}s"
if [ "$status" -eq 0 ]; then echo "FAIL: the command succeeded"; exit 1; fi
if [ "$status" -eq 137 ] && [ "$elapsed" -ge "$limit" ]; then echo "FAIL: still running after ${limit}s"; exit 1; fi
if ! grep -qE "$pattern" <<<"$output"; then echo "FAIL: no line matches: $pattern"; exit 1; fi
echo "PASS"
