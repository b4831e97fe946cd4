// tsqr, sfqr and qr against Eigen's HouseholderQR on the whole matrix, on the sync and thread
// schedulers: odd shapes, row blocks with fewer rows than columns, trees of several levels,
// float32, and every bad input.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/qr.hpp>

#include "../../src/linalg/tsqr_tree.hpp"
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

// Eigen's R with its rows negated where the diagonal is negative: the R tsqr promises.
Matrix eigen_r(const Matrix& a) {
  Matrix r = a.householderQr()
                 .matrixQR()
                 .topRows(std::min(a.rows(), a.cols()))
                 .triangularView<Eigen::Upper>();
  for (Eigen::Index i = 0; i < r.rows(); ++i) {
    if (r(i, i) < 0) r.row(i) *= -1;
  }
  return r;
}

// Checks A = QR, Q^T Q = I, R upper triangular with R_ii >= 0 and equal to Eigen's, and the
// same bits on the thread scheduler as on the sync one.
void expect_qr(const da::Array& a, const la::QR& f, double tolerance) {
  const Matrix am = compute_sync(a).to_matrix<double>();
  const dtask::Chunk q_sync = compute_sync(f.q), r_sync = compute_sync(f.r);
  const Matrix q = q_sync.to_matrix<double>(), r = r_sync.to_matrix<double>();
  ASSERT_EQ(q.rows(), am.rows());
  ASSERT_EQ(q.cols(), std::min(am.rows(), am.cols()));
  EXPECT_LE(relative_error(q * r, am), tolerance);
  const Matrix gram = q.transpose() * q;
  EXPECT_LE((gram - Matrix::Identity(q.cols(), q.cols())).norm() / std::sqrt(double(q.cols())),
            tolerance);
  for (Eigen::Index i = 0; i < r.rows(); ++i) {
    EXPECT_GE(r(i, i), 0.0) << i;
    for (Eigen::Index j = 0; j < std::min(i, r.cols()); ++j)
      EXPECT_EQ(r(i, j), 0.0) << i << ", " << j;
  }
  EXPECT_LE(relative_error(r, eigen_r(am)), tolerance * 10);
  EXPECT_TRUE(same_bits(f.q.compute(), q_sync));
  EXPECT_TRUE(same_bits(f.r.compute(), r_sync));
}

TEST(Tsqr, MatchesEigenOnRaggedRowBlocks) {
  const auto a = random_matrix(1003, 17, {100, 17}, 1);
  expect_qr(a, la::tsqr(a), 1e-12);
}

TEST(Tsqr, RowBlocksWithFewerRowsThanColumns) {
  const auto a = random_matrix(25, 10, {4, 10}, 2);
  expect_qr(a, la::tsqr(a), 1e-12);
}

TEST(Tsqr, OneBlockOneColumnAndSquare) {
  for (const auto& a : {random_matrix(50, 20, {50, 20}, 3), random_matrix(300, 1, {64, 1}, 4),
                        random_matrix(37, 37, {10, 37}, 5)}) {
    expect_qr(a, la::tsqr(a), 1e-12);
  }
}

TEST(Tsqr, BlocksWiderThanGeqrtsBlockSize) {
  // k = 70 > qr_block_size: T is merged from geqrt's diagonal blocks (32, 32, 6).
  const auto a = random_matrix(710, 70, {150, 70}, 11);
  expect_qr(a, la::tsqr(a), 1e-12);
  const auto b = random_matrix(400, 45, {100, 45}, 12).astype(dtask::DType::float32);
  expect_qr(b, la::tsqr(b), 1e-5);
}

TEST(Tsqr, TreeOfSeveralLevels) {
  // Combine tasks of at most 3 R's of 6 x 6: 40 blocks make levels of 14, 5, 2 and 1 nodes.
  const auto a = random_matrix(400, 6, {10, 6}, 6);
  expect_qr(a, la::detail::tsqr(a, 3 * 6 * 6 * 8), 1e-12);
}

TEST(Tsqr, Float32AndInt64) {
  const auto a = random_matrix(301, 13, {40, 13}, 7).astype(dtask::DType::float32);
  const auto f = la::tsqr(a);
  EXPECT_EQ(f.q.dtype(), dtask::DType::float32);
  EXPECT_EQ(f.r.dtype(), dtask::DType::float32);
  expect_qr(a, f, 1e-5);
  const auto ints = da::random::integers(-5, 6, {60, 4}, {16, 4}, 8);
  const auto g = la::tsqr(ints);
  EXPECT_EQ(g.q.dtype(), dtask::DType::float64);
  expect_qr(ints, g, 1e-12);
}

TEST(Tsqr, RankDeficientColumnsStayOrthonormal) {
  // Column 2 is zero and column 3 repeats column 0: R has zeros on its diagonal, Q is still
  // orthonormal.
  Matrix m = Matrix::Random(90, 5);
  m.col(2).setZero();
  m.col(3) = m.col(0);
  const auto a = da::from_eigen(m, {20, 5});
  const auto f = la::tsqr(a);
  const Matrix q = compute_sync(f.q).to_matrix<double>(), r = compute_sync(f.r).to_matrix<double>();
  EXPECT_LE(relative_error(q * r, m), 1e-12);
  EXPECT_LE((q.transpose() * q - Matrix::Identity(5, 5)).norm(), 1e-12);
}

TEST(Sfqr, ShortFatMatchesEigen) {
  for (const auto& chunks :
       {da::ChunkSpec({10, 12}), da::ChunkSpec({10, 37}), da::ChunkSpec({10, 10})}) {
    const auto a = random_matrix(10, 37, chunks, 9);
    expect_qr(a, la::sfqr(a), 1e-12);
    expect_qr(a, la::qr(a), 1e-12);
  }
}

TEST(Qr, TallSkinnyGoesToTsqr) {
  const auto a = random_matrix(200, 30, {50, 30}, 10);
  expect_qr(a, la::qr(a), 1e-12);
}

TEST(Tsqr, BadInputNamesTheFix) {
  expect_message(
      [] {
        la::tsqr(random_matrix(10, 20, {10, 20}, 1));
      },
      "tsqr needs a tall-skinny matrix (m >= n), not shape (10, 20): use sfqr, or qr, for a "
      "short-fat one");
  expect_message(
      [] {
        la::tsqr(random_matrix(100, 20, {30, 10}, 1));
      },
      "tsqr needs one chunk along axis 1: rechunk to {30, 20}");
  expect_message([] { la::tsqr(da::random::random({10}, 5, 1)); },
                 "tsqr needs a matrix (2-d array), not shape (10,)");
  expect_message(
      [] {
        la::sfqr(random_matrix(10, 30, {5, 30}, 1));
      },
      "sfqr needs one chunk along axis 0 and a first chunk along axis 1 of at least 10 columns: "
      "rechunk to "
      "{10, 30}");
  expect_message([] { la::sfqr(random_matrix(10, 30, {10, 8}, 1)); }, "rechunk to {10, 10}");
  expect_message(
      [] {
        la::sfqr(random_matrix(30, 10, {30, 10}, 1));
      },
      "sfqr needs a short-fat matrix (m < n)");
  expect_message(
      [] {
        la::qr(random_matrix(100, 20, {30, 10}, 1));
      },
      "qr needs one chunk along axis 1: rechunk to {30, 20}");
  expect_message(
      [] {
        la::qr(random_matrix(10, 30, {5, 10}, 1));
      },
      "qr needs one chunk along axis 0");
}

}  // namespace
