// What the LU, solve and triangular-solve tests share: references from Eigen, matrices that need
// pivoting, and the message of an expected exception.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/array/creation.hpp>
#include <string>

#include "linalg_testing.hpp"

namespace dtask::linalg::testing {

// p l u against a: a = p l u, p the permutation matrix of Eigen's PartialPivLU of a (the pivots
// of LAPACK's dgetrf, unless pivots is false), l unit lower with |l| <= 1, u upper.
inline void expect_lu_of(const Matrix& a, const Matrix& p, const Matrix& l, const Matrix& u,
                         double tolerance, bool pivots = true) {
  EXPECT_LE(relative_error(p * l * u, a), tolerance);
  if (pivots) {
    const Eigen::PartialPivLU<Matrix> reference(a);
    const Matrix expected_p = reference.permutationP().transpose().toDenseMatrix().cast<double>();
    EXPECT_EQ(p, expected_p) << "not the permutation of Eigen's partial pivoting";
  }
  EXPECT_TRUE(Matrix(l.triangularView<Eigen::StrictlyUpper>()).isZero(0))
      << "l is not lower triangular";
  EXPECT_TRUE(l.diagonal().isOnes(0)) << "l's diagonal is not ones";
  EXPECT_LE(l.cwiseAbs().maxCoeff(), 1.0);
  EXPECT_TRUE(Matrix(u.triangularView<Eigen::StrictlyLower>()).isZero(0))
      << "u is not upper triangular";
}

// A matrix whose first diagonal block (block x block) is tiny next to the entries below it:
// pivoting only inside diagonal blocks would divide by those tiny pivots.
inline Matrix needs_pivoting_across_blocks(Eigen::Index n, Eigen::Index block, unsigned seed) {
  std::srand(seed);
  Matrix a = Matrix::Random(n, n);
  a.topLeftCorner(block, block) *= 1e-9;
  return a;
}

// ||a x - b|| / (||a|| ||x||) in the Frobenius norm.
inline double solve_residual(const Matrix& a, const Matrix& x, const Matrix& b) {
  return (a * x - b).norm() / (a.norm() * x.norm());
}

// A singular matrix: column `zero` is zero, so U(zero, zero) is exactly zero.
inline Matrix singular_matrix(Eigen::Index n, Eigen::Index zero, unsigned seed) {
  std::srand(seed);
  Matrix a = Matrix::Random(n, n);
  a.col(zero).setZero();
  return a;
}

}  // namespace dtask::linalg::testing
