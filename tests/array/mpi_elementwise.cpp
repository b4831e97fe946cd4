// Elementwise operations under the default scheduler (workers at np > 1): the same bits as the
// sync scheduler.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::same_bits;

dtask::Chunk halve(const dtask::Chunk& a) {
  dtask::Chunk out(a.dtype(), a.shape());
  out.flat<double>() = a.flat<double>() / 2;
  return out;
}
DTASK_FUNCTIONS(halve);

TEST(ArrayMpi, FusedChainsHaveTheSameBitsOnEveryScheduler) {
  const da::Array x = da::random::random({50, 37}, {16, 9}, 3);
  const da::Array y = da::sin(x) * da::sin(x) + da::cos(x) * da::cos(x);
  EXPECT_TRUE(same_bits(y.compute(), compute_sync(y)));
  const da::Array f = da::random::normal(0, 1, {7, 13}, 3, 4, dtask::DType::float32);
  const da::Array g = da::where(f > 0, da::exp(f), da::tanh(f) * 2.5);
  EXPECT_TRUE(same_bits(g.compute(), compute_sync(g)));
}

TEST(ArrayMpi, BroadcastingAndMixedChunksHaveTheSameBits) {
  const da::Array col = da::random::integers(-5, 5, {7, 1}, 3, 5);
  const da::Array row = da::random::random({13}, 5, 6);
  const da::Array z = (col / 3 + row).astype(dtask::DType::float32) >= 0.5;
  EXPECT_TRUE(same_bits(z.compute(), compute_sync(z)));
  const da::Array w = da::random::random({1000}, 333, 7) - da::random::random({1000}, 250, 8);
  EXPECT_TRUE(same_bits(w.compute(), compute_sync(w)));
}

TEST(ArrayMpi, MapBlocksRunsOnTheWorkers) {
  const da::Array x = da::random::random({7, 13}, 3, 9);
  const da::Array h = da::map_blocks(halve, {x}, {.dtype = dtask::DType::float64});
  EXPECT_TRUE(same_bits(h.compute(), compute_sync(h)));
}

}  // namespace
