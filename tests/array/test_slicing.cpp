#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include <dtask/array/creation.hpp>
#include <dtask/array/slicing.hpp>
#include <dtask/core/plan.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::Slice;
using da::testing::compute_sync;
using da::testing::same_bits;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

constexpr DType all_dtypes[] = {DType::bool_, DType::int64, DType::float32, DType::float64};

// A chunk of the given shape whose element i is (i * 7) % 11 - 3, in dtype.
Chunk numbered(const Shape& shape, DType dtype) {
  Chunk c(DType::float64, shape);
  for (std::int64_t i = 0; i < c.size(); ++i) c.data<double>()[i] = static_cast<double>((i * 7) % 11 - 3);
  return c.astype(dtype);
}

// The reference: per axis the input positions taken (NumPy's, written out by hand), and
// whether an integer dropped the axis; a naive odometer over the picks.
struct Pick {
  std::vector<std::int64_t> positions;
  bool dropped = false;
};

Chunk take(const Chunk& whole, const std::vector<Pick>& picks) {
  Shape shape, extent;
  for (const Pick& p : picks) {
    extent.push_back(static_cast<std::int64_t>(p.positions.size()));
    if (!p.dropped) shape.push_back(extent.back());
  }
  Chunk out(whole.dtype(), shape);
  const std::size_t ndim = picks.size();
  std::size_t item = dtask::itemsize(whole.dtype());
  Shape position(ndim, 0);
  for (std::int64_t k = 0; k < out.size(); ++k) {
    std::int64_t src = 0;
    for (std::size_t a = 0; a < ndim; ++a) src = src * whole.shape()[a] + picks[a].positions[position[a]];
    std::memcpy(out.bytes() + k * item, whole.bytes() + src * item, item);
    for (std::size_t a = ndim; a-- > 0;) {
      if (++position[a] < extent[a]) break;
      position[a] = 0;
    }
  }
  return out;
}

std::vector<std::int64_t> all(std::int64_t n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i;
  return v;
}

TEST(Slicing, ResolvesSlicesAsNumPy) {
  struct Case {
    Slice slice;
    std::int64_t extent;
    std::vector<std::int64_t> expected;
  };
  const std::vector<Case> cases = {
      {Slice{1, -1}, 7, {1, 2, 3, 4, 5}},      {Slice{{}, {}, -2}, 7, {6, 4, 2, 0}},
      {Slice{{}, {}, 3}, 7, {0, 3, 6}},        {Slice{-100, 100}, 7, all(7)},
      {Slice{5, 2, -1}, 7, {5, 4, 3}},         {Slice{3, 3}, 7, {}},
      {Slice{6, {}, -3}, 7, {6, 3, 0}},        {Slice{-3, {}}, 7, {4, 5, 6}},
      {Slice{{}, -100, -1}, 7, {6, 5, 4, 3, 2, 1, 0}}, {Slice{10, {}, -4}, 7, {6, 2}},
      {Slice{12, {}, -5}, 13, {12, 7, 2}},     {Slice{1, 12, 4}, 13, {1, 5, 9}},
      {Slice{-2, 0, -3}, 13, {11, 8, 5, 2}},   {Slice{}, 0, {}},
  };
  for (const Case& c : cases) {
    const da::ResolvedSlice r = da::resolve_slice(c.slice, c.extent);
    std::vector<std::int64_t> got;
    for (std::int64_t k = 0; k < r.length; ++k) got.push_back(r.start + k * r.step);
    EXPECT_EQ(got, c.expected);
  }
  EXPECT_THROW(da::resolve_slice(Slice{{}, {}, 0}, 5), dtask::ValueError);
}

TEST(Slicing, MatchesNaiveGatherOn7x13WithChunk3ForEveryDType) {
  struct Case {
    std::vector<da::Index> index;
    std::vector<Pick> picks;
  };
  const std::vector<Case> cases = {
      {{std::int64_t{2}}, {{{2}, true}, {all(13)}}},
      {{std::int64_t{-1}}, {{{6}, true}, {all(13)}}},
      {{Slice{1, -1}, Slice{{}, {}, -2}}, {{{1, 2, 3, 4, 5}}, {{12, 10, 8, 6, 4, 2, 0}}}},
      {{Slice{{}, {}, 3}, std::int64_t{5}}, {{{0, 3, 6}}, {{5}, true}}},
      {{Slice{-100, 100}}, {{all(7)}, {all(13)}}},
      {{Slice{5, 2, -1}, Slice{12, {}, -5}}, {{{5, 4, 3}}, {{12, 7, 2}}}},
      {{Slice{6, {}, -3}, Slice{1, 12, 4}}, {{{6, 3, 0}}, {{1, 5, 9}}}},
      {{std::int64_t{3}, std::int64_t{-2}}, {{{3}, true}, {{11}, true}}},
  };
  for (DType d : all_dtypes) {
    const Chunk whole = numbered({7, 13}, d);
    const da::Array x = da::from_chunk(whole, 3);
    for (const Case& c : cases) EXPECT_TRUE(same_bits(compute_sync(x[c.index]), take(whole, c.picks)));
  }
}

// The positions a slice takes, by CPython's rules for list slicing (PySlice_AdjustIndices),
// then walked one step at a time.
std::vector<std::int64_t> python_slice(const Slice& s, std::int64_t n) {
  auto adjust = [&](std::optional<std::int64_t> v, std::int64_t missing) {
    if (!v) return missing;
    std::int64_t x = *v;
    if (x < 0) {
      x += n;
      if (x < 0) x = s.step < 0 ? -1 : 0;
    } else if (x >= n) {
      x = s.step < 0 ? n - 1 : n;
    }
    return x;
  };
  const std::int64_t start = adjust(s.start, s.step < 0 ? n - 1 : 0), stop = adjust(s.stop, s.step < 0 ? -1 : n);
  std::vector<std::int64_t> taken;
  for (std::int64_t x = start; s.step > 0 ? x < stop : x > stop; x += s.step) taken.push_back(x);
  return taken;
}

TEST(Slicing, RandomSlicesOfRaggedChunksMatchPythonsRules) {
  std::mt19937_64 gen(7);
  auto pick = [&](std::int64_t lo, std::int64_t hi) { return std::uniform_int_distribution<std::int64_t>(lo, hi)(gen); };
  auto bound = [&]() -> std::optional<std::int64_t> {
    if (pick(0, 4) == 0) return std::nullopt;
    return pick(-15, 15);
  };
  const Chunk whole = numbered({11, 9}, DType::int64);
  const da::Array x = da::from_chunk(whole, da::Chunks{{1, 4, 2, 4}, {3, 1, 5}});
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<da::Index> index;
    std::vector<Pick> picks;
    for (std::int64_t extent : {11, 9}) {
      if (pick(0, 5) == 0) {
        const std::int64_t i = pick(-extent, extent - 1);
        index.emplace_back(i);
        picks.push_back({{i < 0 ? i + extent : i}, true});
      } else {
        std::int64_t step = pick(-4, 4);
        if (step == 0) step = 1;
        const Slice s{bound(), bound(), step};
        index.emplace_back(s);
        picks.push_back({python_slice(s, extent)});
      }
    }
    EXPECT_TRUE(same_bits(compute_sync(x[index]), take(whole, picks))) << "trial " << trial;
  }
}

TEST(Slicing, OutputChunksFollowInputBoundaries) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_EQ((x[{Slice{1, -1}}].chunks()), (da::Chunks{{2, 3}, {3, 3, 3, 3, 1}}));
  EXPECT_EQ((x[{Slice{{}, {}, -2}, std::int64_t{4}}].chunks()), (da::Chunks{{1, 1, 2}}));
  EXPECT_EQ((x[{2}].shape()), (Shape{13}));  // a plain int is an integer index
  EXPECT_EQ((x[{Slice{}, Slice{}}].name()), x.name());  // nothing selected away: the same array
}

TEST(Slicing, GraphReadsOnlyTheChunksNeeded) {
  const da::Array x = da::random::random({7, 13}, 3, 1);
  const da::Array y = x[{Slice{0, 2}, Slice{3, 5}}];  // inside chunk (0, 1)
  const std::vector<dtask::Key> keys = y.keys();
  EXPECT_EQ(dtask::build_plan(y.graph(), keys).size(), 2u);
  const da::Array column = x[{Slice{}, std::int64_t{7}}];  // chunks (i, 2) for the 3 row blocks
  const std::vector<dtask::Key> column_keys = column.keys();
  EXPECT_EQ(dtask::build_plan(column.graph(), column_keys).size(), 6u);
  const da::Array strided = x[{Slice{{}, {}, 6}, Slice{{}, {}, 12}}];  // rows 0, 6; columns 0, 12
  const std::vector<dtask::Key> strided_keys = strided.keys();
  EXPECT_EQ(dtask::build_plan(strided.graph(), strided_keys).size(), 8u);
}

TEST(Slicing, OddShapes) {
  const Chunk one = numbered({1, 1}, DType::float64);
  const da::Array x = da::from_chunk(one, 1);
  EXPECT_TRUE(same_bits(compute_sync((x[{std::int64_t{0}, std::int64_t{0}}])), take(one, {{{0}, true}, {{0}, true}})));
  EXPECT_EQ((compute_sync(x[{Slice{}, std::int64_t{-1}}]).shape()), (Shape{1}));

  const Chunk ragged = numbered({7, 13}, DType::int64);
  const da::Array r = da::from_chunk(ragged, da::Chunks{{1, 4, 2}, {5, 8}});
  EXPECT_TRUE(same_bits(compute_sync((r[{Slice{{}, {}, -1}, Slice{4, 6}}])), take(ragged, {{{6, 5, 4, 3, 2, 1, 0}}, {{4, 5}}})));

  const Chunk cube = numbered({4, 5, 6}, DType::float32);
  const da::Array c = da::from_chunk(cube, {2, 3, 4});
  EXPECT_TRUE(same_bits(compute_sync((c[{std::int64_t{1}, Slice{{}, {}, -1}, Slice{1, 6, 2}}])),
                        take(cube, {{{1}, true}, {{4, 3, 2, 1, 0}}, {{1, 3, 5}}})));
  EXPECT_TRUE(same_bits(compute_sync((c[{Slice{1, 3}}])), take(cube, {{{1, 2}}, {all(5)}, {all(6)}})));
}

TEST(Slicing, EmptySelectionsReadNothing) {
  const da::Array x = da::random::random({7, 13}, 3, 1);
  const da::Array e = x[{Slice{3, 3}}];
  EXPECT_EQ(e.shape(), (Shape{0, 13}));
  EXPECT_EQ(e.chunks(), (da::Chunks{{0}, {3, 3, 3, 3, 1}}));
  const std::vector<dtask::Key> keys = e.keys();
  EXPECT_EQ(dtask::build_plan(e.graph(), keys).size(), 5u);  // its own empty chunks only
  EXPECT_EQ(compute_sync(e).shape(), (Shape{0, 13}));
  const da::Array z = da::zeros({0, 4}, 2);
  EXPECT_EQ((compute_sync(z[{Slice{}, Slice{1, 3}}]).shape()), (Shape{0, 2}));
}

TEST(Slicing, BadIndicesAreErrorsWhenBuilt) {
  const da::Array x = da::ones({7, 13}, 3);
  EXPECT_THROW(x[{std::int64_t{7}}], dtask::ValueError);
  EXPECT_THROW(x[{std::int64_t{-8}}], dtask::ValueError);
  EXPECT_THROW((x[{std::int64_t{0}, std::int64_t{13}}]), dtask::ValueError);
  EXPECT_THROW((x[{Slice{}, Slice{}, Slice{}}]), dtask::ValueError);
  EXPECT_THROW((x[{Slice{{}, {}, 0}}]), dtask::ValueError);
  EXPECT_THROW((da::zeros({0}, 1)[{std::int64_t{0}}]), dtask::ValueError);
}

}  // namespace
