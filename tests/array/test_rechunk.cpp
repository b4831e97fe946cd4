#include <gtest/gtest.h>

#include <algorithm>

#include <dtask/array/creation.hpp>
#include <dtask/array/rechunk.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::Chunks;
using da::testing::compute_sync;
using da::testing::same_bits;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

Chunk random_chunk(const Shape& shape, DType dtype, std::uint64_t seed) {
  return compute_sync(da::random::uniform(-5, 5, shape, -1, seed)).astype(dtype);
}

// Bytes the largest task of one stage from -> to reads, by brute force: for every pair of
// chunks along an axis, whether they overlap.
std::int64_t naive_read_bytes(const Chunks& from, const Chunks& to, std::int64_t itemsize) {
  std::int64_t bytes = itemsize;
  for (std::size_t a = 0; a < from.size(); ++a) {
    std::int64_t widest = 0, to_start = 0;
    for (std::int64_t t : to[a]) {
      std::int64_t read = 0, from_start = 0;
      for (std::int64_t f : from[a]) {
        if (from_start < to_start + t && to_start < from_start + f) read += f;
        from_start += f;
      }
      widest = std::max(widest, read);
      to_start += t;
    }
    bytes *= widest;
  }
  return bytes;
}

std::int64_t largest_bytes(const Chunks& chunks, std::int64_t itemsize) {
  for (const auto& sizes : chunks) itemsize *= *std::max_element(sizes.begin(), sizes.end());
  return itemsize;
}

int layers_named(const da::Array& x, const std::string& prefix) {
  int n = 0;
  x.graph().for_each_layer([&](const dtask::Layer& layer) { n += layer.name().rfind(prefix, 0) == 0; });
  return n;
}

TEST(Rechunk, RoundTripsKeepEveryBitForEveryDType) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    const Chunk whole = random_chunk({7, 13}, d, 3);
    const da::Array x = da::from_chunk(whole, 3);
    const da::Array y = x.rechunk({5, 4});
    EXPECT_EQ(y.chunks(), (Chunks{{5, 2}, {4, 4, 4, 1}}));
    EXPECT_TRUE(same_bits(compute_sync(y), whole));
    const da::Array z = y.rechunk(Chunks{{1, 6}, {13}});
    EXPECT_TRUE(same_bits(compute_sync(z), whole));
    const da::Array back = z.rechunk(3);
    EXPECT_EQ(back.chunks(), x.chunks());
    EXPECT_TRUE(same_bits(compute_sync(back), whole));
  }
}

TEST(Rechunk, SameChunksGiveTheSameArray) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_EQ(x.rechunk(3).name(), x.name());
  EXPECT_EQ(x.rechunk(Chunks{{3, 3, 1}, {3, 3, 3, 3, 1}}).name(), x.name());
}

TEST(Rechunk, AutoKeepsSmallArraysWhole) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_EQ(x.rechunk(da::ChunkSpec::automatic()).chunks(), (Chunks{{7}, {13}}));
  EXPECT_EQ(x.rechunk({-1, da::auto_chunk}).chunks(), (Chunks{{7}, {13}}));
}

TEST(Rechunk, OddShapes) {
  const Chunk one = random_chunk({1, 1}, DType::float64, 1);
  EXPECT_TRUE(same_bits(compute_sync(da::from_chunk(one, 1).rechunk({1, -1})), one));
  const da::Array empty = da::zeros({0, 5}, 2).rechunk({3, 5});
  EXPECT_EQ(empty.chunks(), (Chunks{{0}, {5}}));
  EXPECT_EQ(compute_sync(empty).shape(), (Shape{0, 5}));
  const Chunk cube = random_chunk({4, 5, 6}, DType::int64, 2);
  const da::Array c = da::from_chunk(cube, Chunks{{1, 3}, {2, 2, 1}, {6}}).rechunk({3, 5, 2});
  EXPECT_TRUE(same_bits(compute_sync(c), cube));
  const Chunk line = random_chunk({13}, DType::float32, 3);
  EXPECT_TRUE(same_bits(compute_sync(da::from_chunk(line, 3).rechunk(Chunks{{2, 9, 2}})), line));
}

TEST(Rechunk, RowsToColumnsGoThroughBoundedIntermediates) {
  // Rows of 10 x 1000 to columns of 1000 x 10: each column overlaps every row chunk.
  const Chunks rows{std::vector<std::int64_t>(100, 10), {1000}};
  const Chunks columns{{1000}, std::vector<std::int64_t>(100, 10)};
  const std::int64_t bound = 10 * 1000 * 8;  // a tiny limit: the bound is the largest chunk
  const std::vector<Chunks> stages = da::plan_rechunk(rows, columns, 8, 1);
  ASSERT_EQ(stages.size(), 2u);
  EXPECT_EQ(stages.back(), columns);
  EXPECT_LE(largest_bytes(stages[0], 8), bound);
  EXPECT_LE(naive_read_bytes(rows, stages[0], 8), bound);
  EXPECT_LE(naive_read_bytes(stages[0], columns, 8), bound);
  EXPECT_GT(naive_read_bytes(rows, columns, 8), bound);  // the direct way would not be bounded

  // With the default limit (128 MiB) reading all 8 MB at once is allowed: one stage.
  EXPECT_EQ(da::plan_rechunk(rows, columns, 8).size(), 1u);
  // A limit of 800 kB: intermediate chunks of up to 100 x 100, not 10 x 10 tiles.
  const std::vector<Chunks> coarser = da::plan_rechunk(rows, columns, 8, 800000);
  ASSERT_EQ(coarser.size(), 2u);
  EXPECT_LE(naive_read_bytes(rows, coarser[0], 8), 800000);
  EXPECT_LE(naive_read_bytes(coarser[0], columns, 8), 800000);
  EXPECT_LE(da::block_count(coarser[0]), 13 * 13);

  const Chunk whole = random_chunk({1000, 1000}, DType::float64, 4);
  const da::Array x = da::rechunk(da::from_chunk(whole, rows), columns, 1);
  EXPECT_EQ(layers_named(x, "rechunk-merge"), 2);
  EXPECT_TRUE(same_bits(compute_sync(x), whole));
}

TEST(Rechunk, PlansStayWithinTheBoundOnRaggedChunkings) {
  const std::vector<std::pair<Chunks, Chunks>> cases = {
      {{{7, 7, 7, 7, 2}, {30}}, {{30}, {4, 4, 4, 4, 4, 4, 4, 2}}},
      {{{3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, {1, 2, 3, 4, 5, 6, 9}}, {{10, 10, 10}, {30}}},
      {{{5, 5, 5, 5, 5, 5}, {30}, {2, 2}}, {{30}, {5, 5, 5, 5, 5, 5}, {4}}},
  };
  for (const auto& [from, to] : cases) {
    const std::vector<Chunks> stages = da::plan_rechunk(from, to, 4, 1);
    const std::int64_t bound = std::max(largest_bytes(from, 4), largest_bytes(to, 4));
    Chunks previous = from;
    for (const Chunks& stage : stages) {
      EXPECT_LE(naive_read_bytes(previous, stage, 4), bound);
      EXPECT_LE(largest_bytes(stage, 4), bound);
      previous = stage;
    }
    EXPECT_EQ(previous, to);
  }
}

TEST(Rechunk, ChunksThatDoNotFitAreErrorsWhenBuilt) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_THROW(x.rechunk(Chunks{{3, 3}, {13}}), dtask::ValueError);
  EXPECT_THROW(x.rechunk(Chunks{{7}}), dtask::ValueError);
  EXPECT_THROW(x.rechunk({3, 3, 3}), dtask::ValueError);
}

}  // namespace
