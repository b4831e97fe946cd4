// What the Cholesky tests share: symmetric positive definite matrices S = M M^T + n I (M uniform
// random from dtask's generator, made on the sync scheduler) and the residual of a factor.
#pragma once

#include <algorithm>

#include "linalg_testing.hpp"

namespace dtask::linalg::testing {

inline Matrix spd_matrix(std::int64_t n, std::uint64_t seed) {
  const Matrix m =
      compute_sync(random_matrix(n, n, std::max<std::int64_t>(n, 1), seed)).to_matrix<double>();
  return m * m.transpose() + static_cast<double>(n) * Matrix::Identity(n, n);
}

// ||a - l l^T|| / ||a|| (Frobenius).
inline double lower_residual(const Matrix& a, const Matrix& l) {
  return (a - l * l.transpose()).norm() / a.norm();
}

}  // namespace dtask::linalg::testing
