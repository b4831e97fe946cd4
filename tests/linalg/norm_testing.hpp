// References for the norm tests, by hand on whole Eigen matrices as numpy.linalg.norm defines
// them, and the inputs they share (local and MPI tests).
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <dtask/array/elementwise.hpp>
#include <limits>

#include "linalg_testing.hpp"

namespace dtask::linalg::testing {

inline constexpr double inf = std::numeric_limits<double>::infinity();

// sum(|v|^p)^(1/p), with NumPy's special cases 0 (non-zeros), inf (max |v|) and -inf (min |v|).
inline double vector_norm_reference(const Eigen::VectorXd& v, double p) {
  const Eigen::ArrayXd a = v.array().abs();
  if (p == inf) return a.maxCoeff();
  if (p == -inf) return a.minCoeff();
  if (p == 0) return static_cast<double>((a != 0).count());
  return std::pow(a.pow(p).sum(), 1.0 / p);
}

// Matrix norms of NumPy: 1 and -1 over column sums, inf and -inf over row sums, 2 and -2 the
// extreme singular values, 0 stands for "fro" and -7 for "nuc".
inline double matrix_norm_reference(const Matrix& m, double ord) {
  const Eigen::VectorXd columns = m.cwiseAbs().colwise().sum().transpose();
  const Eigen::VectorXd rows = m.cwiseAbs().rowwise().sum();
  const Eigen::VectorXd singular = Eigen::JacobiSVD<Matrix>(m).singularValues();
  if (ord == 1) return columns.maxCoeff();
  if (ord == -1) return columns.minCoeff();
  if (ord == inf) return rows.maxCoeff();
  if (ord == -inf) return rows.minCoeff();
  if (ord == 2) return singular.maxCoeff();
  if (ord == -2) return singular.minCoeff();
  if (ord == -7) return singular.sum();
  return m.norm();
}

// A uniform random vector in [-1, 1) with about a fifth of its entries exactly zero.
inline array::Array vector_with_zeros(std::int64_t n, std::int64_t chunk, std::uint64_t seed) {
  const array::Array u = array::random::random({n}, chunk, seed);
  return array::where(u < 0.2, 0.0, 2.0 * u - 1.0);
}

inline double relative_difference(double actual, double expected) {
  return std::abs(actual - expected) / std::max(std::abs(expected), 1e-300);
}

}  // namespace dtask::linalg::testing
