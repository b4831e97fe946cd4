// tsqr, sfqr, svd, svd_compressed and lstsq on the default scheduler (two workers at np 3,
// threads at np 1) against Eigen on the whole matrix, and the same bits as the sync scheduler.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/core/error.hpp>
#include <dtask/linalg/lstsq.hpp>
#include <dtask/linalg/qr.hpp>
#include <dtask/linalg/svd.hpp>

#include "linalg_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using dtask::linalg::testing::compute_sync;
using dtask::linalg::testing::eigen_of;
using dtask::linalg::testing::Matrix;
using dtask::linalg::testing::random_matrix;
using dtask::linalg::testing::relative_error;
using dtask::linalg::testing::same_bits;

void expect_same_bits(const da::Array& x) { EXPECT_TRUE(same_bits(x.compute(), compute_sync(x))); }

TEST(MpiQr, TsqrOfRaggedBlocksMatchesEigen) {
  for (const auto& a : {random_matrix(1003, 17, {100, 17}, 1), random_matrix(25, 10, {4, 10}, 2),
                        random_matrix(700, 70, {150, 70}, 3)}) {
    const la::QR f = la::tsqr(a);
    const Matrix am = eigen_of(a), q = eigen_of(f.q), r = eigen_of(f.r);
    EXPECT_LE(relative_error(q * r, am), 1e-12);
    EXPECT_LE((q.transpose() * q - Matrix::Identity(q.cols(), q.cols())).norm(), 1e-12);
    EXPECT_TRUE(r.isUpperTriangular(0.0));
    expect_same_bits(f.q);
    expect_same_bits(f.r);
  }
}

TEST(MpiQr, SfqrOfAShortFatMatrix) {
  const auto a = random_matrix(10, 37, {10, 12}, 4);
  const la::QR f = la::qr(a);
  EXPECT_LE(relative_error(eigen_of(f.q) * eigen_of(f.r), eigen_of(a)), 1e-12);
  expect_same_bits(f.r);
}

TEST(MpiQr, SvdAndSvdCompressed) {
  const auto a = random_matrix(1003, 17, {100, 17}, 5);
  const Matrix am = eigen_of(a);
  const la::SVD f = la::svd(a);
  const Eigen::VectorXd s = eigen_of(f.s);
  EXPECT_LE(relative_error(s, Eigen::BDCSVD<Matrix>(am).singularValues()), 1e-12);
  EXPECT_LE(relative_error(eigen_of(f.u) * s.asDiagonal() * eigen_of(f.v), am), 1e-12);
  expect_same_bits(f.u);
  expect_same_bits(f.v);
  std::srand(6);
  const Matrix low = Matrix::Random(400, 3) * Matrix::Random(3, 50);
  const la::SVD c =
      la::svd_compressed(da::from_eigen(low, {100, 25}), 3, {.n_power_iter = 1, .seed = 7});
  const Eigen::VectorXd cs = eigen_of(c.s);
  EXPECT_LE(relative_error(eigen_of(c.u) * cs.asDiagonal() * eigen_of(c.v), low), 1e-12);
  expect_same_bits(c.u);
}

TEST(MpiQr, LstsqMatchesEigen) {
  const auto a = random_matrix(500, 12, {64, 12}, 8);
  const auto b = random_matrix(500, 2, {100, 2}, 9);
  const la::LeastSquares f = la::lstsq(a, b);
  EXPECT_LE(relative_error(eigen_of(f.x), eigen_of(a).householderQr().solve(eigen_of(b))), 1e-12);
  expect_same_bits(f.x);
  expect_same_bits(f.residuals);
}

TEST(MpiQr, RankDeficientLstsqFailsInTheTask) {
  Matrix m = Matrix::Random(60, 5);
  m.col(3).setZero();
  const la::LeastSquares f = la::lstsq(da::from_eigen(m, {20, 5}), da::ones({60}, 20));
  try {
    f.x.compute();
    ADD_FAILURE() << "no error";
  } catch (const dtask::TaskError& e) {
    EXPECT_NE(std::string(e.what()).find("lstsq: matrix is rank deficient: R(3, 3) is zero"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
