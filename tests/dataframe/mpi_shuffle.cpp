// Shuffles under the default scheduler (workers at np > 1): the same rows as the sync scheduler.
#include <gtest/gtest.h>

#include <dtask/dataframe/shuffle.hpp>

#include "frame_testing.hpp"

namespace {

namespace dd = dtask::dataframe;

TEST(DataFrameMpi, ShuffleGivesTheSyncSchedulersTable) {
  const dd::DataFrame frame = dd::from_table(dd::testing::mixed_table(1000), 7);
  const dd::DataFrame shuffled = dd::shuffle(frame, {"name"}, 3);
  EXPECT_EQ(shuffled.compute(), dd::testing::compute_sync(shuffled));
}

}  // namespace
