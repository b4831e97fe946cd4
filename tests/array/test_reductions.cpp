// Reductions against naive loops: every reduction, every dtype, odd shapes and chunks, several
// axes, keepdims and split_every.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <dtask/array/reductions.hpp>
#include <dtask/core/plan.hpp>

#include "array_testing.hpp"
#include "reductions_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::matches;
using da::testing::naive_reduce;
using da::testing::Ref;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

da::Array apply(Ref r, const da::Array& x, const da::Axes& axes, const da::ReduceOptions& o) {
  switch (r) {
    case Ref::sum: return da::sum(x, axes, o);
    case Ref::prod: return da::prod(x, axes, o);
    case Ref::mean: return da::mean(x, axes, o);
    case Ref::min: return da::min(x, axes, o);
    case Ref::max: return da::max(x, axes, o);
    case Ref::var: return da::var(x, axes, o);
    case Ref::std: return da::std(x, axes, o);
    case Ref::any: return da::any(x, axes, o);
    case Ref::all: return da::all(x, axes, o);
    case Ref::argmin: return da::argmin(x, axes.empty() ? std::nullopt : std::optional(axes[0]), o);
    case Ref::argmax: return da::argmax(x, axes.empty() ? std::nullopt : std::optional(axes[0]), o);
  }
  return x;
}

// NumPy's result dtypes, written out.
DType expected_dtype(Ref r, DType in) {
  const bool floating = in == DType::float32 || in == DType::float64;
  switch (r) {
    case Ref::sum:
    case Ref::prod: return floating ? in : DType::int64;
    case Ref::mean:
    case Ref::var:
    case Ref::std: return in == DType::float32 ? DType::float32 : DType::float64;
    case Ref::min:
    case Ref::max: return in;
    case Ref::any:
    case Ref::all: return DType::bool_;
    default: return DType::int64;
  }
}

bool is_arg(Ref r) { return r == Ref::argmin || r == Ref::argmax; }
bool has_identity(Ref r) { return !is_arg(r) && r != Ref::min && r != Ref::max; }

std::vector<bool> flags(std::size_t ndim, const da::Axes& axes) {
  std::vector<bool> reduced(ndim, axes.empty());
  for (int a : axes) reduced[static_cast<std::size_t>(a < 0 ? a + static_cast<int>(ndim) : a)] = true;
  return reduced;
}

struct Case {
  Shape shape;
  da::ChunkSpec chunks;
  std::vector<da::Axes> axes;
};

const Ref all_reductions[] = {Ref::sum, Ref::prod, Ref::mean, Ref::min,    Ref::max,   Ref::var,
                              Ref::std, Ref::any,  Ref::all,  Ref::argmin, Ref::argmax};
const DType all_dtypes[] = {DType::bool_, DType::int64, DType::float32, DType::float64};

void check_case(const Case& c, int split_every) {
  std::uint64_t seed = 1;
  for (DType dtype : all_dtypes) {
    const Chunk whole = da::testing::sample_chunk(dtype, c.shape, seed++);
    const da::Array x = da::from_chunk(whole, c.chunks);
    for (Ref r : all_reductions) {
      for (const da::Axes& axes : c.axes) {
        if (is_arg(r) && axes.size() > 1) continue;
        for (bool keepdims : {false, true}) {
          SCOPED_TRACE(std::string(da::testing::ref_name(r)) + " of " + std::string(dtask::dtype_name(dtype)) +
                       dtask::to_string(c.shape) + " chunks " + da::to_string(x.chunks()) + " axes " +
                       dtask::to_string(Shape(axes.begin(), axes.end())) + (keepdims ? " keepdims" : "") +
                       " split_every " + std::to_string(split_every));
          const std::vector<bool> reduced = flags(c.shape.size(), axes);
          bool empty_reduction = false;
          std::int64_t out_size = 1;
          for (std::size_t a = 0; a < c.shape.size(); ++a) {
            if (reduced[a]) empty_reduction = empty_reduction || c.shape[a] == 0;
            else out_size *= c.shape[a];
          }
          const da::ReduceOptions options{.keepdims = keepdims, .split_every = split_every, .ddof = r == Ref::std ? 1 : 0};
          if (!has_identity(r) && empty_reduction && out_size > 0) {
            EXPECT_THROW(apply(r, x, axes, options), dtask::ValueError);
            continue;
          }
          const DType out_dtype = expected_dtype(r, dtype);
          const Chunk expected = naive_reduce(whole, r, reduced, keepdims, options.ddof, out_dtype);
          const da::Array y = apply(r, x, axes, options);
          EXPECT_EQ(y.shape(), expected.shape());
          EXPECT_TRUE(matches(compute_sync(y), expected, out_dtype == DType::float32 ? 2e-6 : 1e-12));
        }
      }
    }
  }
}

const std::vector<Case> odd_cases = {
    {{1, 1}, 1, {{}, {0}, {1}}},
    {{7, 13}, 3, {{}, {0}, {1}, {-1}, {0, 1}}},
    {{5, 0}, 2, {{}, {0}, {1}}},
    {{0, 4}, 3, {{0}, {1}}},
    {{7, 13}, da::Chunks{{2, 5}, {4, 4, 5}}, {{}, {0}, {-1}}},
    {{4, 5, 6}, {3, 2, 4}, {{}, {0}, {1}, {2}, {0, 2}, {1, 2}, {0, 1}}},
    {{10}, 3, {{}, {0}}},
    {{}, 1, {{}}},
};

TEST(Reductions, MatchNaiveLoopsOnOddShapesForEveryDtype) {
  for (const Case& c : odd_cases) check_case(c, 4);
}

TEST(Reductions, MatchNaiveLoopsForEverySplitEvery) {
  const Case many_blocks{{23, 17}, {2, 3}, {{}, {0}, {1}}};
  for (int split_every : {2, 3, 4, 1000}) check_case(many_blocks, split_every);
}

TEST(Reductions, OneAxisAsAPlainInteger) {
  const da::Array x = da::from_chunk(da::testing::sample_chunk(DType::float64, {7, 13}, 9), 3);
  EXPECT_TRUE(compute_sync(da::mean(x, 1)).same_bits(compute_sync(x.mean({1}))));
  EXPECT_TRUE(compute_sync(x.max(0)).same_bits(compute_sync(da::max(x, {-2}))));
  EXPECT_TRUE(compute_sync(da::sum(x, -1, {.keepdims = true})).same_bits(compute_sync(x.sum({1}, {.keepdims = true}))));
  EXPECT_EQ(da::sum(x, {}).shape(), Shape{});
}

TEST(Reductions, NaNPropagatesThroughMinAndMaxAndWinsArgminAndArgmax) {
  Chunk c(DType::float64, {2, 5});
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double values[] = {3, nan, 1, nan, 5, 2, 2, -1, 4, -1};
  std::copy(std::begin(values), std::end(values), c.data<double>());
  const da::Array x = da::from_chunk(c, 2);
  const Eigen::VectorXd mins = compute_sync(x.min({1}));
  EXPECT_TRUE(std::isnan(mins(0)));
  EXPECT_EQ(mins(1), -1);
  EXPECT_EQ(compute_sync(x.argmin(1)).to_vector<std::int64_t>(), (Eigen::Matrix<std::int64_t, 2, 1>(1, 2)));
  EXPECT_EQ(compute_sync(x.argmax(1)).to_vector<std::int64_t>(), (Eigen::Matrix<std::int64_t, 2, 1>(1, 3)));
  EXPECT_EQ(compute_sync(x.argmin()).item<std::int64_t>(), 1);
  EXPECT_TRUE(std::isnan(compute_sync(x.max()).item<double>()));
}

TEST(Reductions, ArgminAndArgmaxReturnTheFirstOfTies) {
  const da::Array x = da::full({6, 7}, 2.0, {4, 3});
  EXPECT_EQ(compute_sync(x.argmax()).item<std::int64_t>(), 0);
  const Eigen::Matrix<std::int64_t, Eigen::Dynamic, 1> along = compute_sync(x.argmin(0, {.split_every = 2}));
  EXPECT_TRUE((along.array() == 0).all());
}

TEST(Reductions, EmptyReductionsGiveNumPysIdentities) {
  const da::Array x = da::zeros({0, 3}, 2);
  EXPECT_EQ(compute_sync(x.sum()).item<double>(), 0);
  EXPECT_EQ(compute_sync(x.prod()).item<double>(), 1);
  EXPECT_TRUE(std::isnan(compute_sync(x.mean()).item<double>()));
  EXPECT_TRUE(std::isnan(compute_sync(x.var()).item<double>()));
  EXPECT_FALSE(compute_sync(x.any()).item<bool>());
  EXPECT_TRUE(compute_sync(x.all()).item<bool>());
  EXPECT_EQ(compute_sync(x.min({1})).shape(), Shape{0});  // nothing to reduce into: no error
}

TEST(Reductions, BadInputIsRejectedWhenBuilt) {
  const da::Array x = da::ones({4, 5}, 2);
  EXPECT_THROW(x.sum({2}), dtask::ValueError);
  EXPECT_THROW(x.sum({-3}), dtask::ValueError);
  EXPECT_THROW(x.mean({0, -2}), dtask::ValueError);
  EXPECT_THROW(x.argmax(5), dtask::ValueError);
  EXPECT_THROW(x.sum({}, {.split_every = 1}), dtask::ValueError);
  EXPECT_THROW(da::zeros({0, 3}, 2).min(), dtask::ValueError);
  EXPECT_THROW(da::zeros({3, 0}, 2).argmin(1), dtask::ValueError);
}

TEST(Reductions, VarianceIsStableFarFromZero) {
  // 1e9 + {0, 1, 2, 3}: a sum of squares loses every digit of the variance (1.25).
  Chunk c(DType::float64, {4000});
  for (int i = 0; i < 4000; ++i) c.data<double>()[i] = 1e9 + i % 4;
  const da::Array x = da::from_chunk(c, 7);
  EXPECT_NEAR(compute_sync(x.var()).item<double>(), 1.25, 1e-6);  // sum of squares: off by ~1e5
  EXPECT_NEAR(compute_sync(x.std({}, {.ddof = 1})).item<double>(), std::sqrt(1.25 * 4000 / 3999), 1e-6);
}

TEST(Reductions, TreeNodesCombineAtMostSplitEveryPartials) {
  const da::Array x = da::ones({1000, 30}, {10, 3});
  for (int split_every : {2, 3, 4, 7}) {
    const da::Array s = x.sum({}, {.split_every = split_every});
    std::size_t widest = 0, nodes = 0;
    for (const auto& [key, task] : s.graph().tops().front()->tasks()) {
      for (const auto& arg : task.args()) {
        if (const auto* list = std::get_if<dtask::KeyList>(&arg)) {
          widest = std::max(widest, list->size());
          ++nodes;
        }
      }
    }
    EXPECT_LE(widest, static_cast<std::size_t>(split_every));
    EXPECT_GT(nodes, 1000u / static_cast<std::size_t>(split_every));
  }
}

TEST(Reductions, ChunkStepRunsInTheTaskThatMakesTheChunk) {
  // 4 x 4 blocks, mean over axis 1: per row of blocks, 4 fused (make + reduce) tasks and a final.
  const da::Array m = da::random::random({40, 40}, {10, 10}, 1).mean({1});
  const std::vector<dtask::Key> keys = m.keys();
  EXPECT_EQ(dtask::optimize(m.graph(), keys).size(), 4u * 5u);
}

}  // namespace
