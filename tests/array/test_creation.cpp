#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <set>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;
using da::testing::compute_sync;

TEST(Creation, FullFillsRaggedChunksOfEveryDType) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    da::Array x = da::full({7, 13}, 3, 3, d);
    EXPECT_EQ(x.chunks(), (da::Chunks{{3, 3, 1}, {3, 3, 3, 3, 1}}));
    Chunk c = compute_sync(x);
    ASSERT_EQ(c.shape(), (Shape{7, 13}));
    ASSERT_EQ(c.dtype(), d);
    for (std::int64_t i = 0; i < c.size(); ++i) EXPECT_EQ(da::testing::element(c, i), d == DType::bool_ ? 1.0 : 3.0);
  }
}

TEST(Creation, ZerosOnesAndEmptyAxes) {
  EXPECT_EQ(compute_sync(da::zeros({1, 1}, 1)).item<double>(), 0.0);
  EXPECT_EQ(compute_sync(da::ones({1, 1}, 1)).item<double>(), 1.0);
  Chunk e = compute_sync(da::ones({0, 4}, 2));
  EXPECT_EQ(e.shape(), (Shape{0, 4}));
  EXPECT_EQ(e.size(), 0);
}

TEST(Creation, ArangeMatchesALoop) {
  Chunk a = compute_sync(da::arange(10, 3));
  ASSERT_EQ(a.dtype(), DType::int64);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.data<std::int64_t>()[i], i);
  Chunk f = compute_sync(da::arange(1.0, 2.0, 0.25, 3));
  ASSERT_EQ(f.dtype(), DType::float64);
  ASSERT_EQ(f.size(), 4);
  EXPECT_EQ(f.data<double>()[3], 1.75);
  EXPECT_EQ(compute_sync(da::arange(5.0, 1.0, 1.0, 2)).size(), 0);
  EXPECT_THROW(da::arange(0.0, 1.0, 0.0, 2), dtask::ValueError);
}

TEST(Creation, LinspaceHitsBothEnds) {
  Chunk l = compute_sync(da::linspace(0, 1, 11, 4));
  ASSERT_EQ(l.size(), 11);
  EXPECT_EQ(l.data<double>()[0], 0.0);
  EXPECT_EQ(l.data<double>()[10], 1.0);
  EXPECT_NEAR(l.data<double>()[3], 0.3, 1e-15);
  Chunk open = compute_sync(da::linspace(0, 1, 4, 3, /*endpoint=*/false));
  EXPECT_EQ(open.data<double>()[3], 0.75);
}

TEST(Creation, EyeMatchesEigenIncludingOffDiagonals) {
  for (std::int64_t k : {-2, 0, 3}) {
    Chunk e = compute_sync(da::eye(7, 3, 9, k));
    Eigen::MatrixXd expected = Eigen::MatrixXd::Zero(7, 9);
    for (int r = 0; r < 7; ++r)
      if (r + k >= 0 && r + k < 9) expected(r, r + k) = 1;
    EXPECT_EQ(e.to_matrix<double>(), expected) << "k = " << k;
  }
}

TEST(Creation, FromEigenRoundTripsThroughRaggedChunks) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(7, 13);
  da::Array x = da::from_eigen(m, 3);
  EXPECT_EQ(x.npartitions(), 15);
  Eigen::MatrixXd back = compute_sync(x);
  EXPECT_EQ(back, m);
  std::vector<float> buffer(24);
  for (int i = 0; i < 24; ++i) buffer[static_cast<std::size_t>(i)] = static_cast<float>(i);
  Chunk c = compute_sync(da::from_buffer(buffer.data(), {2, 3, 4}, {1, 2, 3}));
  EXPECT_EQ(c.shape(), (Shape{2, 3, 4}));
  for (int i = 0; i < 24; ++i) EXPECT_EQ(c.data<float>()[i], static_cast<float>(i));
}

TEST(Random, DependsOnSeedAndChunkingOnly) {
  Chunk a = compute_sync(da::random::random({50, 40}, {16, 16}, 7));
  Chunk b = da::random::random({50, 40}, {16, 16}, 7).compute();  // the thread scheduler
  EXPECT_TRUE(a.same_bits(b));
  Chunk other_seed = compute_sync(da::random::random({50, 40}, {16, 16}, 8));
  EXPECT_FALSE(a.same_bits(other_seed));
}

TEST(Random, UniformValuesAreInRangeWithTheRightMean) {
  Chunk u = compute_sync(da::random::uniform(-2, 3, {200, 300}, 64, 1));
  double sum = 0;
  for (double v : std::span(u.data<double>(), static_cast<std::size_t>(u.size()))) {
    ASSERT_GE(v, -2.0);
    ASSERT_LT(v, 3.0);
    sum += v;
  }
  EXPECT_NEAR(sum / static_cast<double>(u.size()), 0.5, 0.02);
  Chunk f = compute_sync(da::random::random({1000}, 100, 1, DType::float32));
  EXPECT_EQ(f.dtype(), DType::float32);
}

TEST(Random, NormalHasTheRightMoments) {
  Chunk n = compute_sync(da::random::normal(1, 2, {100000}, 30000, 3));
  double sum = 0, sum2 = 0;
  for (double v : std::span(n.data<double>(), 100000)) {
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / 1e5;
  EXPECT_NEAR(mean, 1.0, 0.03);
  EXPECT_NEAR(std::sqrt(sum2 / 1e5 - mean * mean), 2.0, 0.03);
}

TEST(Random, IntegersCoverTheHalfOpenRange) {
  Chunk i = compute_sync(da::random::integers(-3, 4, {5000}, 999, 5));
  std::set<std::int64_t> seen(i.data<std::int64_t>(), i.data<std::int64_t>() + i.size());
  EXPECT_EQ(seen, (std::set<std::int64_t>{-3, -2, -1, 0, 1, 2, 3}));
  EXPECT_THROW(da::random::integers(2, 2, {3}, 1), dtask::ValueError);
}

TEST(Array, KeysAreNamedByBlockIndexLikeDask) {
  da::Array x = da::zeros({4, 6}, {2, 3});
  EXPECT_EQ(x.key(Shape{1, 0}).str(), "('" + x.name() + "', 1, 0)");
  EXPECT_EQ(x.keys().size(), 4u);
  EXPECT_EQ(x.key(3), x.key(Shape{1, 1}));
}

TEST(Array, PersistKeepsTheValues) {
  da::Array x = da::random::random({9, 9}, 4, 11);
  da::Array p = x.persist();
  EXPECT_EQ(p.chunks(), x.chunks());
  EXPECT_TRUE(compute_sync(p).same_bits(compute_sync(x)));
}

TEST(Array, NormalizeAxisCountsFromTheEnd) {
  EXPECT_EQ(da::normalize_axis(-1, 3), 2);
  EXPECT_THROW(da::normalize_axis(3, 3), dtask::ValueError);
}

}  // namespace
