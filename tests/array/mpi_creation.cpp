// Creation under the default scheduler (workers at np > 1): the same bits as the sync scheduler.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::same_bits;

TEST(ArrayMpi, RandomArraysHaveTheSameBitsOnEveryScheduler) {
  for (auto x : {da::random::random({50, 37}, {16, 9}, 3), da::random::normal(0, 1, {7, 13}, 3, 4),
                 da::random::integers(0, 100, {1, 1}, 1, 5), da::random::random({1000}, 333, 6, dtask::DType::float32)}) {
    EXPECT_TRUE(same_bits(x.compute(), compute_sync(x)));
  }
}

TEST(ArrayMpi, FromEigenAndBackThroughWorkers) {
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(7, 13);
  Eigen::MatrixXd back = da::from_eigen(m, 3).compute();
  EXPECT_EQ(back, m);
}

TEST(ArrayMpi, PersistedArraysComputeAgain) {
  da::Array x = da::arange(100, 7).persist();
  dtask::Chunk c = x.compute();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(c.data<std::int64_t>()[i], i);
}

}  // namespace
