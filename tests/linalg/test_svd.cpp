// svd, svd_compressed and lstsq against Eigen's BDCSVD and HouseholderQR on the whole matrix,
// on the sync and thread schedulers.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/core/plan.hpp>
#include <dtask/linalg/lstsq.hpp>
#include <dtask/linalg/svd.hpp>

#include "linalg_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using dtask::linalg::testing::compute_sync;
using dtask::linalg::testing::expect_message;
using dtask::linalg::testing::Matrix;
using dtask::linalg::testing::random_matrix;
using dtask::linalg::testing::relative_error;
using dtask::linalg::testing::same_bits;
using Vector = Eigen::VectorXd;

struct Computed {
  Matrix u, v;
  Vector s;
};

// The factors on the sync scheduler, checked to be the same bits on the thread scheduler.
Computed computed(const la::SVD& f) {
  const dtask::Chunk u = compute_sync(f.u), s = compute_sync(f.s), v = compute_sync(f.v);
  EXPECT_TRUE(same_bits(f.u.compute(), u));
  EXPECT_TRUE(same_bits(f.s.compute(), s));
  EXPECT_TRUE(same_bits(f.v.compute(), v));
  return Computed{u.to_matrix<double>(), v.to_matrix<double>(), s.to_vector<double>()};
}

// U S V = A, orthonormal U and V, S equal to Eigen's, v's rows summing to >= 0 and equal to
// Eigen's up to sign.
void expect_svd(const Matrix& a, const Computed& f, double tolerance) {
  const Eigen::BDCSVD<Matrix> reference(a, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const auto k = std::min(a.rows(), a.cols());
  ASSERT_EQ(f.s.size(), k);
  ASSERT_EQ(f.u.rows(), a.rows());
  ASSERT_EQ(f.v.cols(), a.cols());
  EXPECT_LE(relative_error(f.s, reference.singularValues()), tolerance);
  EXPECT_LE(relative_error(f.u * f.s.asDiagonal() * f.v, a), tolerance);
  EXPECT_LE((f.u.transpose() * f.u - Matrix::Identity(k, k)).norm(),
            tolerance * std::sqrt(double(k)));
  EXPECT_LE((f.v * f.v.transpose() - Matrix::Identity(k, k)).norm(),
            tolerance * std::sqrt(double(k)));
  for (Eigen::Index j = 0; j < k; ++j) {
    EXPECT_GE(f.v.row(j).sum(), 0.0) << j;
    const Eigen::RowVectorXd expected = reference.matrixV().col(j).transpose();
    const double sign = expected.dot(f.v.row(j)) < 0 ? -1.0 : 1.0;
    EXPECT_LE((f.v.row(j) - sign * expected).norm(), 1e3 * tolerance) << j;
  }
}

TEST(Svd, TallSkinnyMatchesEigen) {
  const auto a = random_matrix(1003, 17, {100, 17}, 1);
  expect_svd(compute_sync(a).to_matrix<double>(), computed(la::svd(a)), 1e-12);
}

TEST(Svd, RowBlocksWithFewerRowsThanColumnsAndWideBlocks) {
  for (const auto& a : {random_matrix(25, 10, {4, 10}, 2), random_matrix(700, 70, {150, 70}, 3)}) {
    expect_svd(compute_sync(a).to_matrix<double>(), computed(la::svd(a)), 1e-12);
  }
}

TEST(Svd, ShortFatThroughTheTranspose) {
  const auto a = random_matrix(10, 37, {10, 12}, 4);
  const la::SVD f = la::svd(a);
  EXPECT_EQ(f.u.shape(), (dtask::Shape{10, 10}));
  EXPECT_EQ(f.v.chunks(), (da::Chunks{{10}, {12, 12, 12, 1}}));
  expect_svd(compute_sync(a).to_matrix<double>(), computed(f), 1e-12);
}

TEST(Svd, Float32) {
  const auto a = random_matrix(300, 12, {64, 12}, 5).astype(dtask::DType::float32);
  const la::SVD f = la::svd(a);
  EXPECT_EQ(f.u.dtype(), dtask::DType::float32);
  EXPECT_EQ(f.s.dtype(), dtask::DType::float32);
  expect_svd(compute_sync(a).to_matrix<double>(), computed(f), 1e-5);
}

TEST(Svd, SingularValuesAloneFormNoU) {
  const la::SVD f = la::svd(random_matrix(400, 8, {100, 8}, 6));
  const auto keys = f.s.keys();
  const dtask::Plan plan = dtask::build_plan(f.s.graph(), keys);
  for (const auto& node : plan.nodes) {
    const std::string_view name = node.key().name();
    EXPECT_FALSE(name.starts_with("svd-t") || name.starts_with("svd-q") ||
                 name.starts_with("svd-u"))
        << name;
  }
}

TEST(Svd, BadInputNamesTheFix) {
  expect_message(
      [] {
        la::svd(random_matrix(100, 20, {30, 10}, 1));
      },
      "svd needs one chunk along axis 1: rechunk to {30, 20}");
  expect_message(
      [] {
        la::svd(random_matrix(10, 30, {5, 30}, 1));
      },
      "svd of a short-fat matrix (m < n) needs one chunk along axis 0: rechunk to {10, 30}");
  expect_message([] { la::svd(da::random::random({10}, 5, 1)); },
                 "svd needs a matrix (2-d array), not shape (10,)");
}

// A rank-r matrix m x n: a product of uniform random m x r and r x n factors.
Matrix low_rank(Eigen::Index m, Eigen::Index n, Eigen::Index rank, unsigned seed) {
  std::srand(seed);
  return Matrix::Random(m, rank) * Matrix::Random(rank, n);
}

// U diag(sigma) V^T with random orthonormal U, V: a matrix of known singular values.
Matrix with_spectrum(Eigen::Index m, const Vector& sigma, unsigned seed) {
  std::srand(seed);
  const auto n = sigma.size();
  const Matrix u = Matrix::Random(m, n).householderQr().householderQ() * Matrix::Identity(m, n);
  const Matrix v = Matrix::Random(n, n).householderQr().householderQ();
  return u * sigma.asDiagonal() * v.transpose();
}

TEST(SvdCompressed, ExactTopKOfALowRankMatrixInAnyChunking) {
  const Matrix m = low_rank(500, 80, 5, 7);
  const auto a = da::from_eigen(m, {100, 30});  // several chunks along both axes
  const la::SVD f = la::svd_compressed(a, 5, {.seed = 3});
  const Computed c = computed(f);
  const Eigen::BDCSVD<Matrix> reference(m);
  EXPECT_LE(relative_error(c.s, reference.singularValues().head(5)), 1e-12);
  EXPECT_LE(relative_error(c.u * c.s.asDiagonal() * c.v, m), 1e-12);
  for (Eigen::Index j = 0; j < 5; ++j) EXPECT_GE(c.v.row(j).sum(), 0.0);
}

TEST(SvdCompressed, PowerIterationsSharpenADecayingSpectrum) {
  Vector sigma(60);
  for (Eigen::Index i = 0; i < 60; ++i) sigma[i] = std::pow(0.7, double(i));
  const Matrix m = with_spectrum(400, sigma, 8);
  const auto a = da::from_eigen(m, {100, 60});
  const auto error_with = [&](int iterations) {
    const la::SVD f =
        la::svd_compressed(a, 5, {.n_power_iter = iterations, .n_oversamples = 5, .seed = 4});
    return relative_error(compute_sync(f.s).to_vector<double>(), sigma.head(5));
  };
  const double plain = error_with(0), sharpened = error_with(3);
  EXPECT_LE(sharpened, 1e-10);
  EXPECT_LT(sharpened, plain);
}

TEST(SvdCompressed, Float32AndSameBits) {
  const auto a = da::from_eigen(low_rank(300, 40, 4, 9), {64, 20}).astype(dtask::DType::float32);
  const la::SVD f = la::svd_compressed(a, 4, {.n_power_iter = 1, .seed = 5});
  EXPECT_EQ(f.u.dtype(), dtask::DType::float32);
  const Computed c = computed(f);
  EXPECT_LE(relative_error(c.u * c.s.asDiagonal() * c.v, compute_sync(a).to_matrix<double>()),
            1e-5);
}

TEST(SvdCompressed, BadKIsALinAlgError) {
  const auto a = random_matrix(50, 20, {10, 10}, 1);
  expect_message([&] { la::svd_compressed(a, 21); },
                 "svd_compressed: k = 21 is not in 1..min(m, n) = 20 for shape (50, 20)");
  expect_message([&] { la::svd_compressed(a, 0); },
                 "svd_compressed: k = 0 is not in 1..min(m, n) = 20");
}

TEST(Lstsq, VectorMatchesEigen) {
  const auto a = random_matrix(500, 12, {64, 12}, 10);
  const auto b = da::random::random({500}, {100}, 11);  // other row chunks than a's
  const la::LeastSquares f = la::lstsq(a, b);
  const Matrix am = compute_sync(a).to_matrix<double>();
  const Vector bv = compute_sync(b).to_vector<double>();
  const Vector expected = am.householderQr().solve(bv);
  const dtask::Chunk x = compute_sync(f.x);
  EXPECT_TRUE(same_bits(f.x.compute(), x));
  EXPECT_EQ(x.shape(), (dtask::Shape{12}));
  EXPECT_LE(relative_error(x.to_vector<double>(), expected), 1e-12);
  const dtask::Chunk residuals = compute_sync(f.residuals);
  EXPECT_EQ(residuals.shape(), (dtask::Shape{1}));
  EXPECT_NEAR(residuals.to_vector<double>()[0], (am * expected - bv).squaredNorm(), 1e-10);
  EXPECT_EQ(compute_sync(f.rank).item<std::int64_t>(), 12);
  EXPECT_LE(relative_error(compute_sync(f.s).to_vector<double>(),
                           Eigen::BDCSVD<Matrix>(am).singularValues()),
            1e-12);
}

TEST(Lstsq, MatrixRightHandSide) {
  const auto a = random_matrix(300, 7, {50, 7}, 12);
  const auto b = random_matrix(300, 3, {50, 2}, 13);
  const la::LeastSquares f = la::lstsq(a, b);
  const Matrix am = compute_sync(a).to_matrix<double>(), bm = compute_sync(b).to_matrix<double>();
  const Matrix expected = am.householderQr().solve(bm);
  EXPECT_LE(relative_error(compute_sync(f.x).to_matrix<double>(), expected), 1e-12);
  const Vector residuals = compute_sync(f.residuals).to_vector<double>();
  ASSERT_EQ(residuals.size(), 3);
  for (int j = 0; j < 3; ++j)
    EXPECT_NEAR(residuals[j], (am * expected.col(j) - bm.col(j)).squaredNorm(), 1e-10);
}

TEST(Lstsq, RankDeficientAIsReported) {
  Matrix m = Matrix::Random(60, 5);
  m.col(2).setZero();
  const auto a = da::from_eigen(m, {20, 5});
  const la::LeastSquares f = la::lstsq(a, da::ones({60}, 20));
  EXPECT_EQ(compute_sync(f.rank).item<std::int64_t>(), 4);
  expect_message([&] { compute_sync(f.x); }, "lstsq: matrix is rank deficient: R(2, 2) is zero");
  expect_message([&] { la::lstsq(a, da::ones({59}, 20)); },
                 "lstsq: b must have 60 rows, as a (60, 5)");
}

}  // namespace
