// Reductions under the default scheduler (workers at np > 1): the same bits as the sync
// scheduler, and the seed's mean against a naive loop.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/reductions.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::same_bits;

TEST(ArrayMpi, ReductionsHaveTheSameBitsOnEveryScheduler) {
  const da::Array floats = da::random::normal(1, 3, {23, 17}, {4, 5}, 7);
  const da::Array ints = da::random::integers(-3, 4, {23, 17}, {5, 3}, 8);
  for (const da::Array& x : {floats, ints, da::random::random({31, 9}, {2, 4}, 9, dtask::DType::float32)}) {
    for (const da::Axes& axes : {da::Axes{}, da::Axes{0}, da::Axes{1}}) {
      for (int split_every : {2, 3, 4}) {
        const da::ReduceOptions o{.split_every = split_every};
        const std::optional<int> axis = axes.empty() ? std::nullopt : std::optional(axes[0]);
        for (const da::Array& y : {x.sum(axes, o), x.prod(axes, o), x.mean(axes, o), x.min(axes, o), x.max(axes, o),
                                   x.var(axes, o), x.std(axes, o), x.any(axes, o), x.all(axes, o),
                                   x.argmin(axis, o), x.argmax(axis, o)}) {
          EXPECT_TRUE(same_bits(y.compute(), compute_sync(y))) << y.name();
        }
      }
    }
  }
}

TEST(ArrayMpi, SeedMeanMatchesANaiveLoop) {
  const da::Array x = da::random::random({2000, 3000}, {300, 700}, 42);
  const dtask::Chunk whole = compute_sync(x);
  double total = 0;
  for (std::int64_t r = 0; r < 2000; ++r) {
    double row = 0;
    for (std::int64_t c = 0; c < 3000; ++c) row += whole.data<double>()[r * 3000 + c];
    total += row / 3000;
  }
  const Eigen::VectorXd means = da::mean(x, 1).compute();
  EXPECT_NEAR(means.mean(), total / 2000, 1e-13);
  // The value the seed_array_mean CTest expects for the same array.
  EXPECT_NEAR(total / 2000, 0.5000021600093, 1e-12) << std::setprecision(15) << total / 2000;
}

}  // namespace
