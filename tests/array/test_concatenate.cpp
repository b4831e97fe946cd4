#include <gtest/gtest.h>

#include <dtask/array/concatenate.hpp>
#include <dtask/array/creation.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::Chunks;
using da::testing::compute_sync;
using da::testing::element;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

Chunk random_chunk(const Shape& shape, DType dtype, std::uint64_t seed) {
  return compute_sync(da::random::uniform(-5, 5, shape, -1, seed)).astype(dtype);
}

// Reference for 2-d inputs: element (r, c) of the result read from the input it falls in.
Chunk naive_concatenate(const std::vector<Chunk>& parts, int axis, DType dtype) {
  Shape shape = parts.front().shape();
  shape[static_cast<std::size_t>(axis)] = 0;
  for (const Chunk& p : parts) shape[static_cast<std::size_t>(axis)] += p.shape()[static_cast<std::size_t>(axis)];
  Chunk out = Chunk(DType::float64, shape);
  std::int64_t offset = 0;
  for (const Chunk& p : parts) {
    for (std::int64_t r = 0; r < p.shape()[0]; ++r) {
      for (std::int64_t c = 0; c < p.shape()[1]; ++c) {
        const std::int64_t row = axis == 0 ? r + offset : r, col = axis == 1 ? c + offset : c;
        out.data<double>()[row * shape[1] + col] = element(p, r * p.shape()[1] + c);
      }
    }
    offset += p.shape()[static_cast<std::size_t>(axis)];
  }
  return out.astype(dtype);
}

TEST(Concatenate, MatchesNaiveLoopsForEveryDTypePair) {
  const DType dtypes[] = {DType::bool_, DType::int64, DType::float32, DType::float64};
  for (DType da_type : dtypes) {
    for (DType db_type : dtypes) {
      const Chunk a = random_chunk({7, 13}, da_type, 1), b = random_chunk({4, 13}, db_type, 2);
      const da::Array x = da::concatenate({da::from_chunk(a, 3), da::from_chunk(b, 2)}, 0);
      EXPECT_EQ(x.dtype(), dtask::promote_types(da_type, db_type));
      EXPECT_EQ(x.chunks(), (Chunks{{3, 3, 1, 2, 2}, {3, 3, 3, 3, 1}}));
      EXPECT_TRUE(da::testing::same_bits(compute_sync(x), naive_concatenate({a, b}, 0, x.dtype())));
    }
  }
}

TEST(Concatenate, AlongTheLastAxisWithRaggedChunks) {
  const Chunk a = random_chunk({7, 13}, DType::float64, 3), b = random_chunk({7, 1}, DType::float64, 4);
  const da::Array x = da::from_chunk(a, Chunks{{1, 4, 2}, {5, 8}});
  const da::Array y = da::concatenate({x, da::from_chunk(b, 1), x}, -1);
  EXPECT_EQ(y.chunks(), (Chunks{{1, 4, 2}, {5, 8, 1, 5, 8}}));
  EXPECT_TRUE(da::testing::same_bits(compute_sync(y), naive_concatenate({a, b, a}, 1, DType::float64)));
}

TEST(Concatenate, TasksReferToInputChunksWithoutCopying) {
  const da::Array x = da::concatenate({da::ones({7, 13}, 3), da::zeros({2, 13}, 3)});
  const auto& top = *x.graph().tops().front();
  EXPECT_EQ(top.tasks().size(), 20u);
  for (const auto& [key, task] : top.tasks()) {
    EXPECT_EQ(task.function_name(), "array.view");
    int keys = 0;
    task.for_each_key([&](const dtask::Key&) { ++keys; });
    EXPECT_EQ(keys, 1);
  }
}

TEST(Concatenate, EmptyAxesAddNothing) {
  const Chunk a = random_chunk({7, 13}, DType::int64, 5);
  const da::Array x = da::concatenate({da::zeros({0, 13}, 3, DType::int64), da::from_chunk(a, 3)});
  EXPECT_EQ(x.chunks(), (Chunks{{3, 3, 1}, {3, 3, 3, 3, 1}}));
  EXPECT_TRUE(da::testing::same_bits(compute_sync(x), a));
  EXPECT_EQ(compute_sync(da::concatenate({da::zeros({0, 2}, 1), da::zeros({0, 2}, 1)})).shape(), (Shape{0, 2}));
}

TEST(Stack, AddsAnAxisAnywhere) {
  const Chunk a = random_chunk({7, 13}, DType::float32, 6), b = random_chunk({7, 13}, DType::int64, 7);
  const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, 5);
  for (int axis : {0, 1, 2, -1, -3}) {
    const da::Array s = da::stack({x, y}, axis);
    const int ax = axis < 0 ? axis + 3 : axis;
    Shape shape{7, 13};
    shape.insert(shape.begin() + ax, 2);
    ASSERT_EQ(s.shape(), shape);
    EXPECT_EQ(s.dtype(), DType::float64);
    EXPECT_EQ(s.chunks()[static_cast<std::size_t>(ax)], (std::vector<std::int64_t>{1, 1}));
    const Chunk got = compute_sync(s);
    for (std::int64_t r = 0; r < 7; ++r) {
      for (std::int64_t c = 0; c < 13; ++c) {
        for (std::int64_t k = 0; k < 2; ++k) {
          Shape at{r, c};
          at.insert(at.begin() + ax, k);
          const std::int64_t flat = (at[0] * shape[1] + at[1]) * shape[2] + at[2];
          EXPECT_EQ(got.data<double>()[flat], element(k == 0 ? a : b, r * 13 + c));
        }
      }
    }
  }
  const Chunk one = compute_sync(da::stack({da::full({}, 2, -1), da::full({}, 3, -1)}));
  EXPECT_EQ(one.shape(), (Shape{2}));
  EXPECT_EQ(one.data<double>()[1], 3.0);
}

TEST(Concatenate, MismatchesAreErrorsWhenBuilt) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_THROW(da::concatenate({}), dtask::ValueError);
  EXPECT_THROW(da::concatenate({x, da::ones({7, 12}, 3)}, 0), dtask::ValueError);
  EXPECT_THROW(da::concatenate({x, da::ones({7}, 3)}), dtask::ValueError);
  EXPECT_THROW(da::concatenate({x, x}, 2), dtask::ValueError);
  EXPECT_THROW(da::concatenate({da::full({}, 1, -1)}), dtask::ValueError);
  EXPECT_THROW(da::stack({}), dtask::ValueError);
  EXPECT_THROW(da::stack({x, da::ones({7, 12}, 3)}), dtask::ValueError);
  EXPECT_THROW(da::stack({x, x}, 3), dtask::ValueError);
}

}  // namespace
