// lu, solve_triangular, solve and inv on the default scheduler (two workers at np 3, threads at
// np 1): Eigen's results, and the same bits as the sync scheduler.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/lu.hpp>
#include <dtask/linalg/solve.hpp>
#include <dtask/linalg/triangular.hpp>

#include "lu_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using namespace dtask::linalg::testing;

TEST(LuMpi, MatchesEigenWithTheSameBitsAsOneThread) {
  for (const auto [n, chunk] : {std::pair<std::int64_t, std::int64_t>{37, 10}, {50, 7}}) {
    const da::Array a = random_matrix(n, n, chunk, 31);
    const la::LU f = la::lu(a);
    const dtask::Chunk p = f.p.compute(), l = f.l.compute(), u = f.u.compute();
    expect_lu_of(eigen_of(a), p, l, u, 1e-12);
    EXPECT_TRUE(same_bits(p, compute_sync(f.p)));
    EXPECT_TRUE(same_bits(l, compute_sync(f.l)));
    EXPECT_TRUE(same_bits(u, compute_sync(f.u)));
  }
}

TEST(LuMpi, PivotsAcrossBlocks) {
  const Matrix a = needs_pivoting_across_blocks(30, 10, 5);
  const la::LU f = la::lu(da::from_eigen(a, 10));
  expect_lu_of(a, eigen_of(f.p), eigen_of(f.l), eigen_of(f.u), 1e-12);
}

TEST(SolveTriangularMpi, SameBitsAsOneThread) {
  std::srand(3);
  Matrix t = Matrix::Random(37, 37) / 37.0;
  t.diagonal().array() += 1.0;
  const Matrix b = Matrix::Random(37, 6);
  for (const bool trans : {false, true}) {
    const da::Array x = la::solve_triangular(da::from_eigen(t, 10), da::from_eigen(b, 10),
                                             /*lower=*/true, {.trans = trans});
    const dtask::Chunk got = x.compute();
    EXPECT_TRUE(same_bits(got, compute_sync(x)));
    const Matrix lower = t.triangularView<Eigen::Lower>();
    const Matrix op = trans ? Matrix(lower.transpose()) : lower;
    EXPECT_LE(relative_error(op * Matrix(got), b), 1e-12);
  }
}

TEST(SolveMpi, ResidualsAndSameBitsAsOneThread) {
  const da::Array a = random_matrix(50, 50, 7, 41);
  const da::Array b = random_matrix(50, 3, 7, 42);
  const da::Array v = da::random::random({50}, 7, 43);
  const da::Array x = la::solve(a, b), y = la::solve(a, v);
  const dtask::Chunk xs = x.compute(), ys = y.compute();
  EXPECT_LE(solve_residual(eigen_of(a), xs, eigen_of(b)), 1e-12);
  EXPECT_LE(solve_residual(eigen_of(a), ys, eigen_of(v)), 1e-12);
  EXPECT_TRUE(same_bits(xs, compute_sync(x)));
  EXPECT_TRUE(same_bits(ys, compute_sync(y)));
}

TEST(SolveMpi, InverseTimesMatrixIsIdentity) {
  const da::Array a = random_matrix(37, 37, 10, 44);
  const Matrix product = eigen_of(la::inv(a)) * eigen_of(a);
  EXPECT_LE((product - Matrix::Identity(37, 37)).norm(), 1e-11);
}

TEST(SolveMpi, SingularMatrixFailsOnTheWorkers) {
  const da::Array x =
      la::solve(da::from_eigen(singular_matrix(30, 17, 6), 10), da::random::random({30}, 10));
  const std::string message = message_of<dtask::TaskError>([&] { x.compute(); });
  EXPECT_NE(message.find("matrix is singular: U(17, 17) is zero"), std::string::npos) << message;
}

}  // namespace
