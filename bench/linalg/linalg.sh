#!/usr/bin/env bash
# dtask's linear-algebra apps against ScaLAPACK and Dask, side by side in alternating runs, on
# the issue's sizes: Cholesky, GEMM, LU and solve of n x n (n = 6000, chunks of 1000), TSQR and
# SVD of a tall m x n2 matrix (400000 x 500 in chunks of 20000 x 500). Each run of an operation
# times, one after the other:
#   dtask np 3    the app under mpirun -np 3 (2 workers x 1 thread, rank 0 schedules)
#   2 threads     the same app in one process with --threads 2 (no mpirun)
#   ScaLAPACK     bench/linalg/scalapack_peer on 2 ranks, best grid and block size (--nb; the
#                 tall QR on a 2 x 1 grid: a 1 x 2 grid would split its few columns)
#   Dask          bench/linalg/dask_linalg.py, threaded scheduler with 2 workers
# Every tool times only the operation (inputs generated and kept before its clock starts) and
# runs one BLAS thread per worker. Prints every run, then a markdown table of medians with the
# ratios the issue's targets name. An operation whose app is not built yet shows "-" for dtask.
#
#   cmake --build build --target gemm cholesky lu_solve tsqr svd scalapack_peer
#   bench/linalg/linalg.sh                          # every operation, 3 runs
#   bench/linalg/linalg.sh --ops gemm,cholesky --runs 5
#   bench/linalg/linalg.sh --tools scalapack,dask   # the peers only
#
# Options: --ops LIST (gemm,cholesky,lu,solve,tsqr,svd), --tools LIST (dtask,threads,scalapack,
# dask), --runs N (3), --n N (6000), --chunk C (the dtask apps' square chunks; default: each
# app's own), --dask-chunk C (1000), --m M (400000), --tall-n N2 (500), --tall-chunk R (20000:
# every tool's row blocks of the tall matrix), --nb LIST (256,512: ScaLAPACK's block sizes),
# --qr-nb LIST (32,64: for the tall QR), --build DIR (build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ops=gemm,cholesky,lu,solve,tsqr,svd tools=dtask,threads,scalapack,dask runs=3
n=6000 chunk= dask_chunk=1000 m=400000 tall_n=500 tall_chunk=20000 nb=256,512 qr_nb=32,64 build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --ops) ops=$2 ;;
    --tools) tools=$2 ;;
    --runs) runs=$2 ;;
    --n) n=$2 ;;
    --chunk) chunk=$2 ;;
    --dask-chunk) dask_chunk=$2 ;;
    --m) m=$2 ;;
    --tall-n) tall_n=$2 ;;
    --tall-chunk) tall_chunk=$2 ;;
    --nb) nb=$2 ;;
    --qr-nb) qr_nb=$2 ;;
    --build) build=$2 ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  shift 2
done
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi=(mpirun --mca pml ob1 --bind-to none --oversubscribe)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

square="--n $n${chunk:+ --chunk $chunk}" dask_square="--n $n --chunk $dask_chunk" tall="--m $m --n $tall_n --chunk $tall_chunk,$tall_n"
# Per operation: the dtask app and its arguments, the line of its output that holds the time,
# the ScaLAPACK peer's and Dask's arguments (none: no peer), the flops, the unit of the table
# (GFLOP/s or seconds) and the issue's target.
declare -A app=([gemm]="gemm $square" [cholesky]="cholesky $square" [lu]="lu_solve $square" [solve]="lu_solve $square"
  [tsqr]="tsqr $tall" [svd]="svd $tall --k $tall_n --method exact --vectors")
declare -A time_line=([gemm]=seconds [cholesky]=seconds [lu]=lu_seconds [solve]=seconds [tsqr]=seconds [svd]=seconds)
declare -A scalapack=([gemm]="--op gemm --n $n --nb $nb" [cholesky]="--op potrf --n $n --nb $nb"
  [lu]="--op getrf --n $n --nb $nb" [solve]="--op gesv --n $n --nb $nb" [tsqr]="--op qr --m $m --n $tall_n --nb $qr_nb --grid 2x1" [svd]="")
declare -A dask=([gemm]="--op gemm $dask_square" [cholesky]="--op cholesky $dask_square" [lu]="--op lu $dask_square"
  [solve]="--op solve $dask_square" [tsqr]="--op tsqr --m $m --n $tall_n --chunk $tall_chunk $tall_n"
  [svd]="--op svd --m $m --n $tall_n --chunk $tall_chunk $tall_n")
flops() {
  awk -v op="$1" -v n="$n" -v m="$m" -v t="$tall_n" 'BEGIN {
    f["gemm"] = 2 * n ^ 3; f["cholesky"] = n ^ 3 / 3; f["lu"] = 2 * n ^ 3 / 3; f["solve"] = 2 * n ^ 3 / 3 + 2 * n ^ 2
    f["tsqr"] = 4 * m * t ^ 2 - 4 * t ^ 3 / 3; f["svd"] = f["tsqr"] + 2 * m * t ^ 2; print f[op] }'
}
declare -A unit=([gemm]=gflops [cholesky]=gflops [lu]=seconds [solve]=seconds [tsqr]=seconds [svd]=seconds)
declare -A target=([gemm]="66 GFLOP/s" [cholesky]="60 GFLOP/s" [lu]="3x Dask" [solve]="3x Dask" [tsqr]="5x Dask" [svd]="5x Dask")
declare -A size=([gemm]="n=$n" [cholesky]="n=$n" [lu]="n=$n" [solve]="n=$n" [tsqr]="${m}x$tall_n, chunks ${tall_chunk}x$tall_n" [svd]="${m}x$tall_n, chunks ${tall_chunk}x$tall_n")

value_of() { awk -v key="$1:" '$1 == key {print $2; exit}'; }
wanted() { [[ ",$tools," == *",$1,"* ]]; }
# One dtask output per (app arguments, mode, run): lu and solve share the runs of lu_solve.
dtask_output() {  # MODE OP RUN
  local file
  file=$out/$(printf '%s' "$2 $1 $3 ${app[$2]}" | md5sum | cut -c1-16)
  if [ ! -e "$file" ]; then
    local -a cmd
    read -ra cmd <<<"${app[$2]}"
    cmd[0]=$build/apps/${cmd[0]}
    if [ "$1" = np3 ]; then
      "${mpi[@]}" -np 3 "${cmd[@]}" --threads 1 --no-progress >"$file" 2>&1 || echo "failed: $(tail -1 "$file")" >>"$file"
    else
      "${cmd[@]}" --threads 2 --no-progress >"$file" 2>&1 || echo "failed: $(tail -1 "$file")" >>"$file"
    fi
  fi
  cat "$file"
}

echo "load: $(uptime | sed 's/.*load average/load average/')"
IFS=, read -ra op_list <<<"$ops"
for op in "${op_list[@]}"; do
  [ -n "${app[$op]:-}" ] || { echo "unknown operation '$op' (gemm, cholesky, lu, solve, tsqr, svd)" >&2; exit 2; }
  binary=$build/apps/${app[$op]%% *}
  for ((run = 1; run <= runs; run++)); do
    line="$op run $run:"
    for mode in np3 threads; do
      if wanted "$([ $mode = np3 ] && echo dtask || echo threads)" && [ -x "$binary" ]; then
        result=$(dtask_output "$mode" "$op" "$run")
        seconds=$(value_of "${time_line[$op]}" <<<"$result")
        [ -n "$seconds" ] || { echo "$op ($mode): no ${time_line[$op]} line: $(tail -1 <<<"$result")" >&2; continue; }
        echo "$seconds" >>"$out/$op.$mode"
        line+=" dtask $mode ${seconds}s (residual $(value_of residual <<<"$result"))"
      fi
    done
    if wanted scalapack && [ -n "${scalapack[$op]}" ] && [ -x "$build/bench/linalg/scalapack_peer" ]; then
      # shellcheck disable=SC2086
      result=$("${mpi[@]}" -np 2 -x OPENBLAS_NUM_THREADS=1 "$build/bench/linalg/scalapack_peer" ${scalapack[$op]})
      value_of seconds <<<"$result" >>"$out/$op.scalapack"
      line+=" scalapack $(tail -1 "$out/$op.scalapack")s (grid $(value_of grid <<<"$result"), nb $(value_of nb <<<"$result"))"
    fi
    if wanted dask; then
      # shellcheck disable=SC2086
      result=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/linalg/dask_linalg.py ${dask[$op]} --threads 2)
      value_of seconds <<<"$result" >>"$out/$op.dask"
      line+=" dask $(tail -1 "$out/$op.dask")s (chunks $(awk '$1 == "chunks:" {print $2 $3 $4}' <<<"$result"))"
    fi
    echo "$line"
  done
done
echo "load: $(uptime | sed 's/.*load average/load average/')"

median() { [ -s "$1" ] && sort -g "$1" | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}' || true; }
# A figure in the table's unit: GFLOP/s from seconds (the same flop count for every tool), or seconds.
figure() {  # OP SECONDS
  [ -n "$2" ] || { echo "-"; return; }
  if [ "${unit[$1]}" = gflops ]; then awk -v f="$(flops "$1")" -v s="$2" 'BEGIN {printf "%.1f", f / s * 1e-9}'
  else awk -v s="$2" 'BEGIN {printf "%.3f", s}'; fi
}
speedup() { [ -n "$1" ] && [ -n "$2" ] && awk -v d="$1" -v p="$2" 'BEGIN {printf "%.2fx", p / d}' || echo "-"; }

echo
echo "Medians of $runs runs; GFLOP/s for gemm and cholesky, seconds otherwise; speedups are the peer's seconds over dtask's (np 3)."
dtask_chunk=${chunk:-"each app's default"}
echo "Square chunks: dtask $dtask_chunk, Dask $dask_chunk; ScaLAPACK: the best of nb $nb (tall QR: $qr_nb)."
echo
echo "| operation | size | dtask np 3 | dtask 2 threads | ScaLAPACK 2 ranks | Dask 2 threads | vs ScaLAPACK | vs Dask | target | met |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for op in "${op_list[@]}"; do
  d=$(median "$out/$op.np3") t=$(median "$out/$op.threads") s=$(median "$out/$op.scalapack") k=$(median "$out/$op.dask")
  met=-
  if [ -n "$d" ]; then
    case "${target[$op]}" in
      *GFLOP/s) met=$(awk -v g="$(figure "$op" "$d")" -v goal="${target[$op]%% *}" 'BEGIN {print (g >= goal ? "yes" : "no")}') ;;
      *Dask) [ -n "$k" ] && met=$(awk -v d="$d" -v k="$k" -v goal="${target[$op]%%x*}" 'BEGIN {print (k / d >= goal ? "yes" : "no")}') ;;
    esac
  fi
  echo "| $op | ${size[$op]} | $(figure "$op" "$d") | $(figure "$op" "$t") | $(figure "$op" "$s") | $(figure "$op" "$k") |" \
       "$(speedup "$d" "$s") | $(speedup "$d" "$k") | ${target[$op]} | $met |"
done
