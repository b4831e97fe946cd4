// solve and inv on the sync scheduler: residuals for vector and matrix right-hand sides, inv(a)
// a = I, float32, the same bits on threads, and bad input.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/solve.hpp>

#include "lu_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using namespace dtask::linalg::testing;

TEST(Solve, VectorAndMatrixResiduals) {
  const Matrix a = compute_sync(random_matrix(37, 37, 10, 21));
  const Matrix b = compute_sync(random_matrix(37, 4, {10, 2}, 22));
  const Matrix v = compute_sync(da::random::random({37}, 10, 23));
  const da::Array x = la::solve(random_matrix(37, 37, 10, 21), random_matrix(37, 4, {10, 2}, 22));
  const da::Array y = la::solve(random_matrix(37, 37, 10, 21), da::random::random({37}, 10, 23));
  EXPECT_EQ(y.shape(), (da::Shape{37}));
  EXPECT_LE(solve_residual(a, compute_sync(x), b), 1e-12);
  EXPECT_LE(solve_residual(a, compute_sync(y), v), 1e-12);
}

TEST(Solve, RechunksBToTheRowsOfA) {
  const Matrix a = needs_pivoting_across_blocks(30, 10, 4), b = Matrix::Random(30, 3);
  const da::Array x = la::solve(da::from_eigen(a, 10), da::from_eigen(b, 7));
  EXPECT_EQ(x.chunks()[0], (std::vector<std::int64_t>{10, 10, 10}));
  EXPECT_LE(solve_residual(a, compute_sync(x), b), 1e-12);
}

TEST(Solve, Float32) {
  const da::Array a = random_matrix(23, 23, 5, 1).astype(dtask::DType::float32);
  const da::Array b = da::random::random({23}, 5, 2, dtask::DType::float32);
  const da::Array x = la::solve(a, b);
  ASSERT_EQ(x.dtype(), dtask::DType::float32);
  EXPECT_LE(solve_residual(compute_sync(a), compute_sync(x), compute_sync(b)), 1e-5);
}

TEST(Solve, InverseTimesMatrixIsIdentity) {
  const da::Array a = random_matrix(50, 50, 7, 9);
  const da::Array a_inv = la::inv(a);
  EXPECT_EQ(a_inv.chunks(), a.chunks());
  const Matrix product = Matrix(compute_sync(a_inv)) * Matrix(compute_sync(a));
  EXPECT_LE((product - Matrix::Identity(50, 50)).norm(), 1e-11);
}

TEST(Solve, SameBitsOnThreadsAsOnOneThread) {
  const da::Array x = la::solve(random_matrix(50, 50, 7, 3), random_matrix(50, 3, 7, 4));
  EXPECT_TRUE(same_bits(x.compute(), compute_sync(x)));
}

// a = m m^T + n I: symmetric positive definite, solved by Cholesky.
TEST(Solve, PositiveDefiniteByCholesky) {
  const Matrix m = Matrix::Random(37, 37);
  const Matrix a = m * m.transpose() + 37.0 * Matrix::Identity(37, 37), b = Matrix::Random(37, 3);
  const da::Array x = la::solve(da::from_eigen(a, 10), da::from_eigen(b, 10), la::Assume::positive_definite);
  EXPECT_LE(solve_residual(a, compute_sync(x), b), 1e-12);
  EXPECT_LE(relative_error(compute_sync(x), a.llt().solve(b)), 1e-12);
  EXPECT_TRUE(same_bits(x.compute(), compute_sync(x)));
}

TEST(Solve, PositiveDefiniteRefusesAMatrixThatIsNot) {
  const Matrix a = -Matrix::Identity(12, 12);
  const da::Array x = la::solve(da::from_eigen(a, 5), da::random::random({12}, 5), la::Assume::positive_definite);
  const std::string message = message_of<dtask::TaskError>([&] { compute_sync(x); });
  EXPECT_NE(message.find("not positive definite"), std::string::npos) << message;
}

TEST(Solve, SingularMatrixFails) {
  const da::Array x =
      la::solve(da::from_eigen(singular_matrix(20, 4, 1), 10), da::random::random({20}, 10));
  const std::string message = message_of<dtask::TaskError>([&] { compute_sync(x); });
  EXPECT_NE(message.find("matrix is singular: U(4, 4) is zero"), std::string::npos) << message;
}

TEST(Solve, RefusesBadShapes) {
  EXPECT_EQ(message_of<dtask::LinAlgError>(
                [] { la::solve(random_matrix(20, 10, 10, 1), da::random::random({20}, 10)); }),
            "solve needs a square matrix, not shape (20, 10)");
  EXPECT_EQ(
      message_of<dtask::LinAlgError>(
          [] { la::solve(random_matrix(20, 20, 10, 1), da::random::random({19}, 10)); }),
      "solve needs b of 20 rows (a vector or a matrix) for a of shape (20, 20), not shape (19,)");
  EXPECT_NE(message_of<dtask::LinAlgError>([] {
              la::inv(random_matrix(20, 20, {10, 5}, 1));
            }).find("rechunk to {10, 10}"),
            std::string::npos);
}

}  // namespace
