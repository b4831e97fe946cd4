// Task functions of the Householder QR of tall-skinny blocks (TSQR, sfqr) and of the small SVDs
// that svd and lstsq take of R (float32 and float64; the blocks of one call share a dtype).
//
// A *factored block* is what LAPACK's geqrt makes of an m x n block A, k = min(m, n): a 1-d
// chunk of m n + nb k elements holding, in column-major order with leading dimension m, the
// Householder vectors Y (m x k, unit lower trapezoidal, the unit diagonal implicit) below the
// diagonal and R (k x n, upper trapezoidal) on and above it; then the k / nb upper triangular
// nb x nb blocks of T of geqrt (nb x k, column-major; nb = min(qr_block_size, k)). So
// A = Q1 [R; 0] with Q1 = I - Y T Y^T (m x m orthogonal), T the k x k triangle that qr_t
// merges from the blocks. Row-major blocks are transposed into column-major order once, as
// they are copied into the factored block (the input is never changed).
//
//   qr_factor(blocks)                   the factored block of the blocks stacked (each r_i x n,
//                                       row-major): one block of A, or the R's of a tree level
//   qr_r(factored, m, n, positive)      R (k x n, zeros below); rows whose diagonal element is
//                                       negative are negated when positive is true
//   qr_signs(factored, m, n)            D = diag(sign(R_ii)) (k x k; +1 for 0): Q1 D and D R
//                                       are the QR with a non-negative diagonal
//   qr_t(factored, m, n)                T (k x k, upper triangular; stored column-major)
//   qr_q(factored, m, n, t, parent, offset)
//                                       Q1 [X; 0] (m x p, row-major), X = rows offset to
//                                       offset + k of parent (p columns): one m x k x p GEMM
//                                       plus k^2 p work, Q = [X; 0] - Y (T (Y1^T X))
//   svd_of_small(r)                     r = U S V^T (r is n x n): a (2n + 1) x n chunk with
//                                       U (rows 0..n-1), V^T (rows n..2n-1) and S (row 2n),
//                                       S descending; each pair (u_j, v_j) negated where the
//                                       sum of v_j is negative (Dask's svd_flip on v)
#pragma once

#include <cstdint>
#include <dtask/core/function.hpp>

namespace dtask::linalg::detail {

// The block size of geqrt: the width of T's diagonal blocks.
inline constexpr std::int64_t qr_block_size = 32;

const Function& qr_factor_function();
const Function& qr_r_function();
const Function& qr_signs_function();
const Function& qr_t_function();
const Function& qr_q_function();
const Function& svd_of_small_function();

}  // namespace dtask::linalg::detail
