// Broadcasting, chunk unification, fusion of chains into one task per chunk, and map_blocks.
#include <gtest/gtest.h>

#include <cmath>

#include "../../src/array/expression.hpp"
#include "elementwise_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::matches;
using da::testing::random_values;
using da::testing::reference;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

std::size_t layer_count(const da::Array& x) {
  std::size_t n = 0;
  x.graph().for_each_layer([&](const dtask::Layer&) { ++n; });
  return n;
}

TEST(ElementwiseBroadcast, ShapesBroadcastAsNumPy) {
  EXPECT_EQ(da::broadcast_shapes({{7, 1}, {1, 13}}), (Shape{7, 13}));
  EXPECT_EQ(da::broadcast_shapes({{5, 1, 4}, {3, 1}, {}}), (Shape{5, 3, 4}));
  EXPECT_EQ(da::broadcast_shapes({{0, 4}, {1, 4}}), (Shape{0, 4}));
  try {
    da::broadcast_shapes({{7, 3}, {7, 4}});
    FAIL() << "no error";
  } catch (const dtask::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(7, 3)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(7, 4)"), std::string::npos) << e.what();
  }
}

TEST(ElementwiseBroadcast, ColumnTimesRowIsAnOuterProduct) {
  const Chunk a = random_values({7, 1}, DType::float64, 1), b = random_values({1, 13}, DType::int64, 2);
  const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, 5);
  const da::Array z = x * y;
  EXPECT_EQ(z.chunks(), (da::Chunks{{3, 3, 1}, {5, 5, 3}}));
  EXPECT_TRUE(matches(compute_sync(z), reference(DType::float64, {7, 13}, a, b, [](double p, double q) { return p * q; })));
}

TEST(ElementwiseBroadcast, ZeroDimensionalArraysEmptyAxesAndMissingAxes) {
  const Chunk a = random_values({7, 13}, DType::float64, 3);
  const da::Array x = da::from_chunk(a, 3);
  const da::Array two = da::from_chunk(Chunk::scalar(2.0));
  EXPECT_EQ(two.ndim(), 0u);
  EXPECT_TRUE(matches(compute_sync(x - two), reference(DType::float64, a, [](double v) { return v - 2; })));
  EXPECT_EQ(compute_sync(two * 3).item<double>(), 6.0);
  const Chunk row = random_values({13}, DType::float32, 4);
  EXPECT_TRUE(matches(compute_sync(x + da::from_chunk(row, 3)),
                      reference(DType::float64, {7, 13}, a, row, [](double p, double q) { return p + q; })));
  const Chunk empty = compute_sync(da::zeros({0, 13}, 3) + da::from_chunk(row, 4));
  EXPECT_EQ(empty.shape(), (Shape{0, 13}));
}

TEST(ElementwiseBroadcast, DifferentChunksMeetAtTheirCommonRefinement) {
  const Chunk a = random_values({7, 13}, DType::float64, 5), b = random_values({13}, DType::float64, 6);
  const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, 5);
  const da::Array z = x - y;
  EXPECT_EQ(z.chunks(), (da::Chunks{{3, 3, 1}, {3, 2, 1, 3, 1, 2, 1}}));
  EXPECT_TRUE(matches(compute_sync(z), reference(DType::float64, {7, 13}, a, b, [](double p, double q) { return p - q; })));
  // A fused operand is realigned through its own inputs.
  const da::Array w = da::sin(y) * 2 + x;
  EXPECT_TRUE(matches(compute_sync(w), reference(DType::float64, {7, 13}, a, b, [](double p, double q) {
                        return std::sin(q) * 2 + p;
                      }), 1e-12));
}

TEST(ElementwiseBroadcast, BroadcastToRepeatsWithoutCopies) {
  const Chunk a = random_values({7, 1}, DType::int64, 7);
  const da::Array x = da::from_chunk(a, 3);
  const da::Array y = da::broadcast_to(x, {2, 7, 13});
  EXPECT_EQ(y.chunks(), (da::Chunks{{2}, {3, 3, 1}, {13}}));
  const da::Array z = da::broadcast_to(x, {2, 7, 13}, da::ChunkSpec({1, 3, 5}));
  EXPECT_EQ(z.npartitions(), 2 * 3 * 3);
  EXPECT_EQ(z.graph().size(), static_cast<std::size_t>(z.npartitions() + x.npartitions()));
  const Chunk expected = reference(DType::int64, {2, 7, 13}, a, a, [](double p, double) { return p; });
  EXPECT_TRUE(matches(compute_sync(y), expected));
  EXPECT_TRUE(matches(compute_sync(z), expected));
  EXPECT_EQ(da::broadcast_to(x, {7, 1}).name(), x.name());
  EXPECT_THROW(da::broadcast_to(x, {7, 2, 13}), dtask::ValueError);
  EXPECT_THROW(da::broadcast_to(x, {1}), dtask::ValueError);
}

TEST(ElementwiseBroadcast, MismatchedShapesFailWhenBuilt) {
  const da::Array x = da::zeros({7, 3}, 2), y = da::zeros({7, 4}, 2);
  try {
    static_cast<void>(x + y);
    FAIL() << "no error";
  } catch (const dtask::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(7, 3) (7, 4)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(da::where(x > 0, x, y), dtask::ValueError);
}

TEST(ElementwiseFusion, AChainIsOneTaskPerChunk) {
  const Chunk a = random_values({7, 13}, DType::float64, 8);
  const da::Array x = da::from_chunk(a, 3);
  const da::Array y = ((x + 1) * 2 - x) / 3;
  EXPECT_EQ(y.graph().size(), static_cast<std::size_t>(2 * x.npartitions()));
  EXPECT_EQ(layer_count(y), 2u);
  EXPECT_TRUE(matches(compute_sync(y), reference(DType::float64, a, [](double v) { return ((v + 1) * 2 - v) / 3; }),
                      1e-15));
}

TEST(ElementwiseFusion, SharedSubexpressionsAreComputedOnce) {
  const Chunk a = random_values({7, 13}, DType::float64, 9);
  const da::Array x = da::from_chunk(a, 3);
  const da::Array y = da::sin(x) * da::sin(x) + da::cos(x) * da::cos(x);
  EXPECT_EQ(y.graph().size(), static_cast<std::size_t>(2 * x.npartitions()));
  ASSERT_TRUE(y.expression());
  EXPECT_EQ(y.expression()->leaves().size(), 1u);
  EXPECT_EQ(y.expression()->program().code.size(), 6u);  // load, sin, *, cos, *, +
  EXPECT_TRUE(matches(compute_sync(y), reference(DType::float64, a, [](double) { return 1.0; }), 1e-15));
}

TEST(ElementwiseFusion, TwoInputsAndConstantsFuse) {
  const Chunk a = random_values({7, 13}, DType::float32, 10), b = random_values({7, 13}, DType::int64, 11);
  const da::Array x = da::from_chunk(a, 3), n = da::from_chunk(b, 3);
  const da::Array y = da::where(n > 0, x * 2, da::abs(x) + n);
  EXPECT_EQ(y.dtype(), DType::float64);
  EXPECT_EQ(y.graph().size(), static_cast<std::size_t>(3 * x.npartitions()));
  EXPECT_TRUE(matches(compute_sync(y), reference(DType::float64, {7, 13}, b, a, [](double k, double v) {
                        return k > 0 ? double(float(v * 2)) : std::abs(v) + k;
                      }), 1e-7));
}

dtask::Chunk scaled_sum(const dtask::Chunk& a, const dtask::Chunk& b) {
  Chunk out(DType::float64, a.shape());
  out.flat<double>() = 2 * a.flat<double>() + b.flat<double>();
  return out;
}

// One value per block: its row sums, as a column.
dtask::Chunk row_sums(const dtask::Chunk& a) {
  Chunk out(DType::float64, {a.shape()[0], 1});
  out.matrix<double>() = a.matrix<double>().rowwise().sum();
  return out;
}

dtask::Chunk unregistered(const dtask::Chunk& a) { return a; }

DTASK_FUNCTIONS(scaled_sum, row_sums);

TEST(MapBlocks, AppliesAUserFunctionToAlignedBlocks) {
  const Chunk a = random_values({7, 13}, DType::float64, 12), b = random_values({7, 13}, DType::float64, 13);
  const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, {5, 4});
  const da::Array z = da::map_blocks(scaled_sum, {x, y});
  EXPECT_EQ(z.dtype(), DType::float64);  // learnt by calling it on empty blocks
  EXPECT_EQ(z.chunks(), (da::Chunks{{3, 2, 1, 1}, {3, 1, 2, 2, 1, 3, 1}}));
  EXPECT_TRUE(matches(compute_sync(z), reference(DType::float64, {7, 13}, a, b, [](double p, double q) { return 2 * p + q; }),
                      1e-15));
}

TEST(MapBlocks, NewBlockShapesAreGivenAsChunks) {
  const Chunk a = random_values({7, 13}, DType::float64, 14);
  const da::Array x = da::from_chunk(a, {3, 13});
  const da::Array s = da::map_blocks(row_sums, {x}, {.dtype = DType::float64, .chunks = da::Chunks{{3, 3, 1}, {1}}});
  const Chunk sums = compute_sync(s);
  ASSERT_EQ(sums.shape(), (Shape{7, 1}));
  for (int r = 0; r < 7; ++r) {
    double expected = 0;
    for (int c = 0; c < 13; ++c) expected += a.data<double>()[r * 13 + c];
    EXPECT_NEAR(sums.data<double>()[r], expected, 1e-12);
  }
  // The same function without the promise breaks it when the task runs.
  EXPECT_THROW(compute_sync(da::map_blocks(row_sums, {x}, {.dtype = DType::float64})), dtask::Error);
  EXPECT_THROW(da::map_blocks(row_sums, {x}, {.chunks = da::Chunks{{7}, {1}}}), dtask::ValueError);
  EXPECT_THROW(da::map_blocks(unregistered, {x}), dtask::ValueError);
  EXPECT_THROW(da::map_blocks(scaled_sum, {x}), dtask::ValueError);
}

}  // namespace
