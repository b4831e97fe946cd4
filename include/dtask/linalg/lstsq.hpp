// Least squares, as dask.array.linalg.lstsq: the x minimising ||A x - b|| for a tall-skinny A.
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto a = da::random::random({100000, 50}, {10000, 50});
//   auto b = da::random::random({100000}, {10000}, 1);
//   auto [x, residuals, rank, s] = la::lstsq(a, b);
//   Eigen::VectorXd solution = x.compute();
//
// Through TSQR (qr.hpp): A = Q R, x = R^-1 (Q^T b); Q^T b is a product on the workers, the
// triangular solve one task. As Dask's: residuals are the squared 2-norms of b - A x per
// column of b (shape (1,) for a vector b), rank is R's numerical rank (singular values above
// s_max n eps, NumPy's matrix_rank), s R's singular values (those of A), descending.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

struct LeastSquares {
  array::Array x, residuals, rank, s;
};

// a: m x n with m >= n and one chunk along axis 1; b: m or m x k (rechunked to a's rows when
// its chunks differ). x is n or n x k; float32 when a and b are, else float64. A zero on R's
// diagonal (a rank-deficient a) fails the solve with LinAlgError, as SciPy's solve_triangular.
LeastSquares lstsq(const array::Array& a, const array::Array& b);

}  // namespace dtask::linalg
