// QR factorisations of chunked matrices, as dask.array.linalg's tsqr, sfqr and qr.
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto a = da::random::random({400000, 500}, {20000, 500});   // tall-skinny: one column chunk
//   auto [q, r] = la::tsqr(a);            // q: 400000 x 500 in a's row chunks, r: 500 x 500
//   auto [q2, r2] = la::qr(a);            // tsqr for tall-skinny, sfqr for short-fat matrices
//   da::store({{"q.h5", "/q", q}, {"r.h5", "/r", r}});   // Q and R in one computation
//
// tsqr is direct TSQR (Benson, Gleich and Demmel, 2013): a Householder QR of each row block
// (LAPACK's geqrt), QRs of the stacked R's up a tree (one task while they fit in 64 MiB), and
// Q formed down the tree, each row block's Q as one GEMM, Q_i = [X_i; 0] - Y_i (T_i (Y1_i^T X_i)),
// with the compact WY form (Y_i, T_i) of the block's Householder reflectors: about
// 5 m n^2 flops for Q and R in all. R's diagonal is made non-negative (Q's columns and R's rows
// negated to match; NumPy and Dask leave LAPACK's signs), so R is unique for a full-rank A and
// the results are the same bits on any number of ranks and threads.
//
// Q and R share their tasks: computed together (store, or persist both), each step runs once.
// float32 stays float32, float64 float64; int64 and bool are promoted to float64. Bad input
// throws dtask::LinAlgError when the expression is built, naming the rechunk that would do.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

struct QR {
  array::Array q, r;
};

// A = Q R for a tall-skinny A (m x n, m >= n) in one chunk along axis 1: Q is m x n (A's row
// chunks), R n x n upper triangular with R_ii >= 0. Row blocks may have fewer rows than
// columns.
QR tsqr(const array::Array& a);

// A = Q R for a short-fat A (m x n, m < n) in one chunk along axis 0 whose first chunk along
// axis 1 has at least m columns: Q (m x m) and R's first block from the QR of A's first
// block, R's other blocks Q^T A_j (A's column chunks). R_ii >= 0.
QR sfqr(const array::Array& a);

// tsqr for m >= n, sfqr for m < n, as Dask's qr.
QR qr(const array::Array& a);

}  // namespace dtask::linalg
