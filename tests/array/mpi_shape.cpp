// Shape operations under the default scheduler (workers at np > 1): the same bits as the sync
// scheduler.
#include <gtest/gtest.h>

#include <dtask/array/concatenate.hpp>
#include <dtask/array/creation.hpp>
#include <dtask/array/rechunk.hpp>
#include <dtask/array/reshape.hpp>
#include <dtask/array/slicing.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::Slice;
using da::testing::compute_sync;
using da::testing::same_bits;

TEST(ArrayMpi, ShapeOperationsHaveTheSameBitsOnEveryScheduler) {
  const da::Array x = da::random::random({50, 37}, {16, 9}, 3);
  const da::Array i = da::random::integers(-9, 9, {7, 13}, 3, 4);
  const std::vector<da::Array> results = {
      x[{Slice{3, -2, 2}, Slice{{}, {}, -3}}],
      x[{std::int64_t{20}}],
      x.rechunk({7, 37}),
      da::rechunk(x.rechunk({2, 37}), {50, 2}, 1),  // rows to columns through intermediates
      x.reshape({-1}),
      i.reshape({1, 91}),
      da::concatenate({x, da::random::integers(0, 5, {4, 37}, 9, 1)}, 0),
      da::stack({i, i, i}, 1),
  };
  for (const da::Array& r : results) EXPECT_TRUE(same_bits(r.compute(), compute_sync(r))) << r.name();
}

}  // namespace
