// linalg::cholesky on the sync scheduler against Eigen's LLT on the whole matrix: odd sizes,
// ragged chunks, both factors, float32 and float64; the bad inputs; and the priorities that
// put the critical path first.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <algorithm>
#include <dtask/array/creation.hpp>
#include <dtask/core/plan.hpp>
#include <dtask/linalg/cholesky.hpp>

#include "cholesky_testing.hpp"

namespace {

namespace da = dtask::array;
using dtask::linalg::cholesky;
using namespace dtask::linalg::testing;

struct Case {
  std::int64_t n, chunk;
};
const Case cases[] = {{37, 10}, {1, 1}, {20, 20}, {64, 16}, {50, 7}};

TEST(Cholesky, LowerAndUpperMatchEigenOnRaggedChunks) {
  for (const auto [n, chunk] : cases) {
    const Matrix s = spd_matrix(n, 3);
    const da::Array a = da::from_eigen(s, {chunk, chunk});
    const Matrix expected = s.llt().matrixL();
    const dtask::Chunk lower = compute_sync(cholesky(a, true));
    const dtask::Chunk upper = compute_sync(cholesky(a));
    const Matrix l = lower.to_matrix<double>(), u = upper.to_matrix<double>();
    EXPECT_LE(lower_residual(s, l), 1e-12) << n << " in chunks of " << chunk;
    EXPECT_LE(relative_error(l, expected), 1e-12) << n << " in chunks of " << chunk;
    EXPECT_TRUE(same_bits(upper, dtask::Chunk::from_eigen(Matrix(l.transpose()))))
        << n << " in chunks of " << chunk;
    // The zeros across the diagonal are exact: both factors are U = L^T to the bit.
    EXPECT_TRUE((l.triangularView<Eigen::StrictlyUpper>().toDenseMatrix().array() == 0).all());
  }
}

TEST(Cholesky, EmptyMatrixGivesAnEmptyFactor) {
  const dtask::Chunk l = compute_sync(cholesky(da::zeros({0, 0}, {4, 4}), true));
  EXPECT_EQ(l.shape(), (dtask::Shape{0, 0}));
}

TEST(Cholesky, Float32StaysFloat32) {
  const Matrix s = spd_matrix(37, 5);
  const da::Array a = da::from_eigen(s.cast<float>().eval(), {10, 10});
  const dtask::Chunk l = compute_sync(cholesky(a, true));
  ASSERT_EQ(l.dtype(), dtask::DType::float32);
  EXPECT_LE(lower_residual(s, l.to_matrix<double>()), 1e-5);
  const dtask::Chunk u = compute_sync(cholesky(a));
  EXPECT_LE(lower_residual(s, u.to_matrix<double>().transpose()), 1e-5);
}

TEST(Cholesky, IntegersBecomeFloat64) {
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> s =
      Eigen::Matrix<std::int64_t, -1, -1>::Ones(9, 9);
  s.diagonal().array() += 9;
  const dtask::Chunk l = compute_sync(cholesky(da::from_eigen(s, {4, 4}), true));
  ASSERT_EQ(l.dtype(), dtask::DType::float64);
  EXPECT_LE(relative_error(l.to_matrix<double>(), s.cast<double>().llt().matrixL()), 1e-14);
}

TEST(Cholesky, ThreadsGiveTheSameBitsAsSync) {
  const da::Array a = da::from_eigen(spd_matrix(45, 7), {8, 8});
  for (bool lower : {true, false}) {
    const da::Array l = cholesky(a, lower);
    EXPECT_TRUE(same_bits(l.compute(), compute_sync(l))) << lower;
  }
}

TEST(Cholesky, RefusesANonSquareMatrix) {
  try {
    cholesky(da::zeros({300, 200}, {100, 100}));
    FAIL() << "no error";
  } catch (const dtask::LinAlgError& e) {
    EXPECT_NE(std::string(e.what()).find("cholesky needs a square matrix, not shape (300, 200)"),
              std::string::npos)
        << e.what();
  }
}

TEST(Cholesky, RefusesUnequalChunksAndSaysWhichRechunk) {
  try {
    cholesky(da::zeros({100, 100}, {30, 40}));
    FAIL() << "no error";
  } catch (const dtask::LinAlgError& e) {
    EXPECT_NE(std::string(e.what()).find("rechunk to {30, 30}"), std::string::npos) << e.what();
  }
}

TEST(Cholesky, NotPositiveDefiniteNamesTheLeadingMinorOfTheWholeMatrix) {
  Matrix s = Matrix::Identity(37, 37);
  s(25, 25) = -1;  // in block 2 of chunks of 10: LAPACK's order 6 there
  try {
    compute_sync(cholesky(da::from_eigen(s, {10, 10}), true));
    FAIL() << "no error";
  } catch (const dtask::TaskError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "matrix is not positive definite: the leading minor of order 26 is not positive"),
              std::string::npos)
        << e.what();
  }
}

// The plan node whose steps compute key.
const dtask::PlanNode& node_of(const dtask::Plan& plan, const std::string& prefix,
                               const dtask::Key::Index& index) {
  for (const dtask::PlanNode& node : plan.nodes) {
    for (const dtask::PlanStep& step : node.steps) {
      if (step.key->prefix() == prefix && step.key->index() == index) return node;
    }
  }
  throw std::runtime_error("no task " + prefix);
}

TEST(Cholesky, PanelAndLookaheadRunBeforeTheFarUpdates) {
  const da::Array l = cholesky(da::from_eigen(spd_matrix(60, 1), {10, 10}), true);  // 6 x 6 blocks
  const std::vector<dtask::Key> keys = l.keys();
  const dtask::Plan plan = dtask::optimize(l.graph(), keys);
  const auto priority = [&](const std::string& prefix, const dtask::Key::Index& index) {
    return node_of(plan, prefix, index).priority;  // lower runs first
  };
  // The second panel, and the update of the next block column at step 0, come before the
  // update of the last diagonal block at step 0.
  EXPECT_LT(priority("cholesky-potrf", {1, 1}), priority("cholesky-syrk", {5, 5, 0}));
  EXPECT_LT(priority("cholesky-trsm", {5, 1}), priority("cholesky-syrk", {5, 5, 0}));
  EXPECT_LT(priority("cholesky-gemm", {5, 1, 0}), priority("cholesky-gemm", {5, 4, 0}));
  EXPECT_LT(priority("cholesky-trsm", {5, 0}), priority("cholesky-gemm", {2, 1, 0}));
}

}  // namespace
