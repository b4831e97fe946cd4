// LU factorisation with partial pivoting, as dask.array.linalg.lu: a = p l u, p a permutation
// matrix, l unit lower triangular (|l| <= 1), u upper triangular.
//
//   namespace da = dtask::array;
//   auto a = da::random::random({6000, 6000}, {750, 750}, /*seed=*/1);
//   auto [p, l, u] = dtask::linalg::lu(a);        // lazy: nothing runs yet
//   Eigen::MatrixXd upper = u.compute();
//
// Pivoting: real partial pivoting (GEPP) over the whole matrix, numerically the same as LAPACK's
// dgetrf: the pivot of column c is the entry of largest magnitude in column c on or below the
// diagonal of the whole matrix, not only of the diagonal block; so p is the permutation
// dgetrf finds (up to ties in rounding), unlike tile LU with pivoting inside diagonal blocks.
//
// How it runs: a right-looking blocked LU. Step k has one panel task that factors the whole
// block column k from the diagonal down with LAPACK's getrf (one call); per block column j > k,
// one task makes U(k, j): the panel's row swaps applied to column j, then a TRSM with L(k, k);
// and one GEMM task per block (i, j) below, block (i, j) minus L(i, k) U(k, j). A swap only
// exchanges a row of block k with a row below it, so each block's update reads only its own
// block and block (k, j). Tasks rank by the block column they work on, so column k + 1 is
// updated and factored before the rest of step k's updates (lookahead). The blocks of l take
// the swaps of later steps once, at the end; p is built on the workers, one chunk per block.
// Every task's work is fixed by the graph: the same bits at any number of ranks and threads.
//
// Needs a square matrix with equal chunks along both axes (a LinAlgError says which rechunk
// would do). A zero pivot fails the computation with "matrix is singular: U(K, K) is zero", K
// counted from 0 in the whole matrix. float32 and float64 keep their dtype; other dtypes are
// factored in float64. The result arrays have a's chunks.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

struct LU {
  array::Array p, l, u;
};

LU lu(const array::Array& a);

}  // namespace dtask::linalg
