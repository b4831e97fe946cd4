#!/usr/bin/env bash
# Bad CSV input to the apps at np 3: each case must end within its time limit, non-zero, with
# one clear line naming the file (and line and column where they apply).
#   check_bad_csv.sh EXPECT_FAILURE MPIEXEC SEED_GROUPBY CSV_MERGE
set -euo pipefail
expect_failure=$1 mpiexec=$2 groupby=$3 merge=$4
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
header='reviewerID,asin,overall,unixReviewTime'
good_row='A1,B01,5.0,1400000000'
printf '%s\n%s\n' "$header" "$good_row" > "$dir/good.csv"
: > "$dir/empty.csv"
printf '%s\n' "$header" > "$dir/header_only.csv"
printf '%s\n%s\nA2,B02,4.0\n' "$header" "$good_row" > "$dir/too_few.csv"
printf '%s\n%s\nA2,B02,4.0,1400000000,extra\n' "$header" "$good_row" > "$dir/too_many.csv"
# The bad value lies beyond the rows read to infer types (256 KiB), so the parse finds it.
{ echo "$header"; for ((i = 0; i < 20000; i++)); do echo "$good_row"; done; echo 'A2,B02,great,1400000000'; } > "$dir/not_numeric.csv"
printf '%s\nA2,B02,great,1400000000\n' "$header" > "$dir/strings.csv"
printf 'user,asin,overall\nA1,B01,5.0\n' > "$dir/no_reviewer.csv"
printf 'asin,category\n1,books\n' > "$dir/int_asin.csv"
printf 'asin,title\nB01,a book\n' > "$dir/no_category.csv"

failures=0
check() {
  local name=$1 pattern=$2
  shift 2
  echo "== $name"
  "$expect_failure" 60 "$pattern" "$mpiexec" -np 3 --oversubscribe "$@" --threads 1 --no-progress ||
    failures=$((failures + 1))
}
check missing_file "missing.csv" "$groupby" --csv "$dir/missing.csv"
check empty_file "empty.csv.*empty" "$groupby" --csv "$dir/empty.csv"
check header_only "header_only.csv: a header but no rows" "$groupby" --csv "$dir/header_only.csv"
check too_few_fields "too_few.csv:3:" "$groupby" --csv "$dir/too_few.csv"
check too_many_fields "too_many.csv:3:" "$groupby" --csv "$dir/too_many.csv"
check not_numeric "not_numeric.csv:20002:8: .great. is not a float64 \\(column .overall.\\)" "$groupby" --csv "$dir/not_numeric.csv"
check string_mean "overall.*string|string.*overall" "$groupby" --csv "$dir/strings.csv"
check unknown_groupby_column "no column 'reviewerID'" "$groupby" --csv "$dir/no_reviewer.csv"
check merge_key_types "asin.*(int64|string).*(string|int64)" "$merge" --reviews "$dir/good.csv" --products "$dir/int_asin.csv"
check unknown_merge_column "no column 'category'" "$merge" --reviews "$dir/good.csv" --products "$dir/no_category.csv"
exit "$failures"
