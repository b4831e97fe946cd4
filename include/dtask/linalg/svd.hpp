// Singular value decompositions of chunked matrices, as dask.array.linalg's svd and
// svd_compressed: A = U diag(S) V, with V holding the right singular vectors as rows (V^T in
// NumPy's and Dask's naming, which call it v).
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto a = da::random::random({400000, 500}, {20000, 500});
//   auto [u, s, v] = la::svd(a);                  // u: 400000 x 500, s: 500, v: 500 x 500
//   Eigen::VectorXd values = s.compute();         // only R's SVD: U is never formed
//   auto top = la::svd_compressed(a, 10, {.n_power_iter = 2, .seed = 7});   // randomised, top 10
//
// svd of a tall-skinny matrix (one chunk along axis 1) is TSQR (qr.hpp) and the SVD of the
// n x n R (LAPACK's gesdd on one task), R = U_R S V: U = Q U_R is formed by the down-sweep of
// TSQR started from U_R instead of Q's signs, so it costs no more than Q. A short-fat matrix
// (one chunk along axis 0) is decomposed through its transpose. Asking only for s computes
// neither Q nor U (the graph is culled to the up-sweep and R's SVD).
//
// Conventions: S descending; signs fixed as Dask's svd_flip does on v: each row of v has a
// non-negative sum (u's columns negated to match). Results are the same bits at any number of
// ranks and threads; float32 stays float32, int64 and bool become float64.
#pragma once

#include <cstdint>
#include <dtask/array/array.hpp>

namespace dtask::linalg {

struct SVD {
  array::Array u, s, v;
};

// A = U diag(S) V for A tall-skinny (m >= n, one chunk along axis 1: u is m x n in A's row
// chunks, v n x n) or short-fat (m < n, one chunk along axis 0: u is m x m, v m x n in A's
// column chunks). Other chunkings throw LinAlgError naming the rechunk.
SVD svd(const array::Array& a);

struct SvdCompressedOptions {
  int n_power_iter = 0;    // power iterations, each re-orthonormalised by tsqr
  int n_oversamples = 10;  // extra columns of the test matrix
  std::uint64_t seed = 0;  // of the Gaussian test matrix
};

// The top k singular triplets by randomised range finding (Halko, Martinsson and Tropp,
// 2011), as Dask's svd_compressed: Y = A Omega with a Gaussian n x l test matrix
// (l = min(max(20, k + n_oversamples), min(m, n)), Dask's compression level), n_power_iter
// times Y = A (A^T Q) with Q = tsqr(Y).q, then B = Q^T A (l x n) and the svd of B, of which
// the first k: u = Q U_B (m x k), s (k), v (k x n). Any chunking of A. Exact (to rounding) when
// A has rank at most l. Throws LinAlgError when k is not in 1..min(m, n).
SVD svd_compressed(const array::Array& a, std::int64_t k, const SvdCompressedOptions& options = {});

}  // namespace dtask::linalg
