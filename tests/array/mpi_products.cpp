// Products under the default scheduler (workers at np > 1): the same bits as the sync scheduler,
// whichever worker runs which part of the sum trees.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/transpose.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::same_bits;

TEST(ArrayMpi, ProductsHaveTheSameBitsOnEveryScheduler) {
  da::Array x = da::random::random({50, 37}, {9, 8}, 11);
  da::Array y = da::random::normal(0, 1, {37, 23}, {8, 7}, 12);
  da::Array s = da::random::random({40, 30}, 7, 13, dtask::DType::float32);
  for (const da::Array& p : {x.dot(y), da::dot(x, y, {2}), x.T().dot(x), x.dot(x.T()), s.T().dot(s),
                             da::tensordot(x, y, 1), da::matmul(da::random::integers(-5, 5, {37}, 6, 14), y),
                             x.dot(x.T() + 1), (2 * x - 1).dot(y)}) {
    EXPECT_TRUE(same_bits(p.compute(), compute_sync(p))) << p.name();
  }
}

}  // namespace
