#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/transpose.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;
using da::testing::compute_sync;
using da::testing::element;
using da::testing::same_bits;

// Small integers of any dtype, so that every dtype holds them exactly.
Chunk small_integers(const Shape& shape, DType dtype, unsigned seed) {
  Chunk c(DType::int64, shape);
  for (std::int64_t i = 0; i < c.size(); ++i) c.data<std::int64_t>()[i] = static_cast<std::int64_t>((i * 7919 + seed * 31) % 7) - 3;
  return c.astype(dtype);
}

// Element at a multi-index of a row-major chunk.
double at(const Chunk& c, const Shape& index) {
  std::int64_t flat = 0;
  for (std::size_t a = 0; a < index.size(); ++a) flat = flat * c.shape()[a] + index[a];
  return element(c, flat);
}

TEST(Transpose, MatrixMatchesEigenForEveryDType) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    const Chunk data = small_integers({7, 13}, d, 1);
    da::Array t = da::from_chunk(data, 3).T();
    EXPECT_EQ(t.chunks(), (da::Chunks{{3, 3, 3, 3, 1}, {3, 3, 1}}));
    Chunk expected = Chunk::from_eigen(data.to_matrix<double>().transpose()).astype(d);
    EXPECT_TRUE(same_bits(compute_sync(t), expected));
  }
}

TEST(Transpose, ThreeAxesFollowTheirPermutation) {
  const Chunk data = small_integers({4, 5, 6}, DType::float64, 2);
  for (const da::Axes& axes : {da::Axes{1, 0, 2}, da::Axes{2, 0, 1}, da::Axes{0, 2, 1}, da::Axes{}, da::Axes{-1, 0, 1}}) {
    da::Array t = da::from_chunk(data, {3, 2, 4}).transpose(axes);
    Shape perm = axes.empty() ? Shape{2, 1, 0} : Shape(axes.begin(), axes.end());
    for (auto& p : perm) p = (p + 3) % 3;
    const Chunk c = compute_sync(t);
    ASSERT_EQ(c.shape(), (Shape{data.shape()[perm[0]], data.shape()[perm[1]], data.shape()[perm[2]]}));
    for (std::int64_t i = 0; i < c.shape()[0]; ++i)
      for (std::int64_t j = 0; j < c.shape()[1]; ++j)
        for (std::int64_t k = 0; k < c.shape()[2]; ++k) {
          Shape source(3);
          source[perm[0]] = i;
          source[perm[1]] = j;
          source[perm[2]] = k;
          ASSERT_EQ(at(c, {i, j, k}), at(data, source));
        }
  }
}

TEST(Transpose, VectorsAndIdentityAreTheSameArray) {
  da::Array v = da::arange(10, 3);
  EXPECT_EQ(v.T().name(), v.name());
  da::Array m = da::ones({2, 3}, 2);
  EXPECT_EQ(m.transpose({0, 1}).name(), m.name());
}

TEST(Transpose, OddShapes) {
  EXPECT_EQ(compute_sync(da::full({1, 1}, 4, 1).T()).item<double>(), 4.0);
  Chunk e = compute_sync(da::ones({0, 4}, 2).T());
  EXPECT_EQ(e.shape(), (Shape{4, 0}));
}

TEST(Transpose, RejectsAxesThatAreNotAPermutation) {
  da::Array x = da::ones({2, 3, 4}, 2);
  EXPECT_THROW(x.transpose({0, 1}), dtask::ValueError);
  EXPECT_THROW(x.transpose({0, 1, 1}), dtask::ValueError);
  EXPECT_THROW(x.transpose({0, 1, 3}), dtask::ValueError);
}

}  // namespace
