#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/reshape.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::Chunks;
using da::testing::compute_sync;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

// A reshape keeps the row-major element order: the reference is the same bytes under the new
// shape.
Chunk with_shape(const Chunk& c, const Shape& shape) {
  Chunk out(c.dtype(), shape);
  std::memcpy(out.bytes(), c.bytes(), c.nbytes());
  return out;
}

Chunk random_chunk(const Shape& shape, DType dtype, std::uint64_t seed) {
  return compute_sync(da::random::uniform(-5, 5, shape, -1, seed)).astype(dtype);
}

TEST(Reshape, ArangeFollowsRowMajorOrder) {
  const da::Array x = da::arange(24, 5);
  const Chunk cube = compute_sync(x.reshape({2, 3, 4}));
  ASSERT_EQ(cube.shape(), (Shape{2, 3, 4}));
  for (std::int64_t i = 0; i < 24; ++i) EXPECT_EQ(cube.data<std::int64_t>()[i], i);
  const da::Array split = x.reshape({4, 6});
  EXPECT_EQ(split.chunks(), (Chunks{{1, 1, 1, 1}, {6}}));
  EXPECT_EQ(compute_sync(x.reshape({6, -1})).shape(), (Shape{6, 4}));
  const Chunk back = compute_sync(x.reshape({2, 3, 4}).reshape({-1}));
  for (std::int64_t i = 0; i < 24; ++i) EXPECT_EQ(back.data<std::int64_t>()[i], i);
}

TEST(Reshape, MergesAndSplitsForEveryDType) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    const Chunk whole = random_chunk({7, 13}, d, 5);
    const da::Array x = da::from_chunk(whole, 3);
    EXPECT_TRUE(da::testing::same_bits(compute_sync(x.reshape({91})), with_shape(whole, {91})));
    EXPECT_TRUE(da::testing::same_bits(compute_sync(x.reshape({1, 7, 13, 1})), with_shape(whole, {1, 7, 13, 1})));
    EXPECT_TRUE(da::testing::same_bits(compute_sync(x.reshape({7, 1, 13})), with_shape(whole, {7, 1, 13})));
    const Chunk cube = random_chunk({6, 5, 4}, d, 6);
    const da::Array c = da::from_chunk(cube, {3, 2, 2});
    EXPECT_TRUE(da::testing::same_bits(compute_sync(c.reshape({30, 4})), with_shape(cube, {30, 4})));
    EXPECT_TRUE(da::testing::same_bits(compute_sync(c.reshape({3, 2, 5, 4})), with_shape(cube, {3, 2, 5, 4})));
    EXPECT_TRUE(da::testing::same_bits(compute_sync(c.reshape({120})), with_shape(cube, {120})));
    EXPECT_TRUE(da::testing::same_bits(compute_sync(c.reshape({120}).reshape({6, 20})), with_shape(cube, {6, 20})));
  }
}

TEST(Reshape, PlanKeepsChunkSizesWhenMerging) {
  const da::ReshapePlan plan = da::plan_reshape({1000, 1000}, {1000000}, Chunks{std::vector<std::int64_t>(10, 100),
                                                                                std::vector<std::int64_t>(10, 100)});
  EXPECT_EQ(plan.input, (Chunks{std::vector<std::int64_t>(100, 10), {1000}}));
  EXPECT_EQ(plan.output, (Chunks{std::vector<std::int64_t>(100, 10000)}));
  const da::ReshapePlan split = da::plan_reshape({24}, {2, 3, 4}, Chunks{{5, 5, 5, 5, 4}});
  EXPECT_EQ(split.input, (Chunks{{12, 12}}));
  EXPECT_EQ(split.output, (Chunks{{1, 1}, {3}, {4}}));
}

TEST(Reshape, OddShapes) {
  const da::Array one = da::full({1, 1}, 4, 1);
  EXPECT_EQ(compute_sync(one.reshape({})).shape(), Shape{});
  EXPECT_EQ(compute_sync(one.reshape({})).item<double>(), 4.0);
  EXPECT_EQ(compute_sync(one.reshape({1}).reshape({1, 1, 1})).shape(), (Shape{1, 1, 1}));
  const da::Array empty = da::zeros({0, 4}, 2);
  EXPECT_EQ(compute_sync(empty.reshape({4, 0})).shape(), (Shape{4, 0}));
  EXPECT_EQ(empty.reshape({2, -1, 2}).shape(), (Shape{2, 0, 2}));
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_EQ(x.reshape({7, 13}).name(), x.name());
}

TEST(Reshape, BadShapesAreErrorsWhenBuilt) {
  const da::Array x = da::ones({7, 13}, 3);
  try {
    (void)x.reshape({90});
    ADD_FAILURE() << "no error";
  } catch (const dtask::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(7, 13)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(90,)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(x.reshape({-1, -1}), dtask::ValueError);
  EXPECT_THROW(x.reshape({-1, 5}), dtask::ValueError);
  EXPECT_THROW(x.reshape({13, 7}), dtask::ValueError);  // not a merge or a split of trailing axes
  EXPECT_THROW(da::ones({6, 5, 4}, 2).reshape({4, 5, 6}), dtask::ValueError);
  EXPECT_THROW(da::zeros({0, 4}, 2).reshape({-1, 0}), dtask::ValueError);
}

}  // namespace
