// lu on the sync scheduler against Eigen's PartialPivLU on the whole matrix: a = p l u, the same
// pivots, odd sizes and ragged chunks, float32, and every bad input.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/lu.hpp>

#include "lu_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using namespace dtask::linalg::testing;

struct Case {
  std::int64_t n, chunk;
};

class LuCase : public ::testing::TestWithParam<Case> {};

TEST_P(LuCase, MatchesEigenPartialPivLu) {
  const auto [n, chunk] = GetParam();
  const da::Array a = random_matrix(n, n, chunk, 11);
  const la::LU f = la::lu(a);
  EXPECT_EQ(f.l.chunks(), a.chunks());
  EXPECT_EQ(f.p.dtype(), dtask::DType::float64);
  expect_lu_of(compute_sync(a), compute_sync(f.p), compute_sync(f.l), compute_sync(f.u), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(
    Lu, LuCase, ::testing::Values(Case{37, 10}, Case{1, 1}, Case{20, 20}, Case{50, 7}, Case{9, 2}),
    [](const auto& info) {
      return "n" + std::to_string(info.param.n) + "_chunk" + std::to_string(info.param.chunk);
    });

TEST(Lu, PivotsAcrossBlocks) {
  const Matrix a = needs_pivoting_across_blocks(30, 10, 3);
  const la::LU f = la::lu(da::from_eigen(a, 10));
  const Matrix p = compute_sync(f.p), l = compute_sync(f.l), u = compute_sync(f.u);
  expect_lu_of(a, p, l, u, 1e-12);
  EXPECT_EQ(p.topLeftCorner(10, 10).sum(), 0.0)
      << "every pivot of the first block column comes from below it";
}

TEST(Lu, Float32StaysFloat32) {
  const da::Array a = random_matrix(37, 37, 10, 5).astype(dtask::DType::float32);
  const la::LU f = la::lu(a);
  ASSERT_EQ(f.u.dtype(), dtask::DType::float32);
  const dtask::Chunk u = compute_sync(f.u);
  ASSERT_EQ(u.dtype(), dtask::DType::float32);
  expect_lu_of(compute_sync(a).to_matrix<double>(), compute_sync(f.p).to_matrix<double>(),
               compute_sync(f.l).to_matrix<double>(), u.to_matrix<double>(), 1e-5,
               /*pivots=*/false);
}

TEST(Lu, IntegersFactorInFloat64) {
  const da::Array a = da::random::integers(-50, 50, {12, 12}, 4, 7);
  const la::LU f = la::lu(a);
  ASSERT_EQ(f.l.dtype(), dtask::DType::float64);
  expect_lu_of(compute_sync(a).to_matrix<double>(), compute_sync(f.p), compute_sync(f.l),
               compute_sync(f.u), 1e-12);
}

TEST(Lu, SameBitsOnThreadsAsOnOneThread) {
  const la::LU f = la::lu(random_matrix(50, 50, 7, 8));
  EXPECT_TRUE(same_bits(f.p.compute(), compute_sync(f.p)));
  EXPECT_TRUE(same_bits(f.l.compute(), compute_sync(f.l)));
  EXPECT_TRUE(same_bits(f.u.compute(), compute_sync(f.u)));
}

TEST(Lu, RefusesNonSquareMatrices) {
  const std::string message =
      message_of<dtask::LinAlgError>([] { la::lu(random_matrix(20, 10, 5, 1)); });
  EXPECT_EQ(message, "lu needs a square matrix, not shape (20, 10)");
  EXPECT_NE(message_of<dtask::LinAlgError>([] { la::lu(da::random::random({6}, 3)); }), "");
}

TEST(Lu, RefusesUnequalChunksAndSaysWhichRechunk) {
  const std::string message = message_of<dtask::LinAlgError>([] {
    la::lu(random_matrix(20, 20, {10, 5}, 1));
  });
  EXPECT_NE(message.find("lu needs square diagonal blocks"), std::string::npos) << message;
  EXPECT_NE(message.find("rechunk to {10, 10}"), std::string::npos) << message;
}

TEST(Lu, SingularMatrixFailsNamingTheZeroPivot) {
  const la::LU f = la::lu(da::from_eigen(singular_matrix(25, 13, 2), 10));
  const std::string message = message_of<dtask::TaskError>([&] { compute_sync(f.u); });
  EXPECT_NE(message.find("matrix is singular: U(13, 13) is zero"), std::string::npos) << message;
}

TEST(Lu, EmptyMatrixGivesEmptyFactors) {
  const la::LU f = la::lu(da::zeros({0, 0}, 4));
  EXPECT_EQ(compute_sync(f.p).shape(), (da::Shape{0, 0}));
  EXPECT_EQ(compute_sync(f.l).shape(), (da::Shape{0, 0}));
  EXPECT_EQ(compute_sync(f.u).shape(), (da::Shape{0, 0}));
}

}  // namespace
