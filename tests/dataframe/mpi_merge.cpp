// merge and sort_values under the default scheduler (workers at np > 1): the same rows as the
// sync scheduler, as multisets where the order is not defined (shuffled merges) and exactly
// where it is (broadcast merges, sorts).
#include <gtest/gtest.h>

#include <dtask/dataframe/merge.hpp>

#include "frame_testing.hpp"
#include "join_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::compute_sync;
using dd::testing::join_table;
using dd::testing::printed_rows;
using dd::testing::sorted;

TEST(DataFrameMpi, MergeGivesTheSyncSchedulersRowsForEveryHowAndPlan) {
  const dd::DataFrame left = dd::from_table(join_table(3000, 40, 21, 0, "v"), 5);
  const dd::DataFrame right = dd::from_table(join_table(400, 50, 22, 10000, "z"), 3);
  for (dd::How how : {dd::How::inner, dd::How::left, dd::How::right, dd::How::outer}) {
    for (std::int64_t broadcast : {0, 3, 5}) {
      const dd::DataFrame joined =
          left.merge(right, dd::testing::merge_on(how, {"k", "s"}, broadcast));
      EXPECT_EQ(sorted(printed_rows(joined.compute())), sorted(printed_rows(compute_sync(joined))))
          << static_cast<int>(how) << " " << broadcast;
    }
  }
  const dd::DataFrame broadcast = left.merge(right, dd::testing::merge_on(dd::How::left, {"s"}, 3));
  EXPECT_EQ(broadcast.compute(), compute_sync(broadcast));
}

TEST(DataFrameMpi, SortValuesGivesTheSyncSchedulersTable) {
  const dd::DataFrame frame = dd::from_table(join_table(2000, 30, 23, 0, "v"), 6);
  const dd::DataFrame sorted_frame =
      frame.sort_values({"s", "k"}, {.ascending = false, .npartitions = 4});
  EXPECT_EQ(sorted_frame.compute(), compute_sync(sorted_frame));
  const dd::DataFrame indexed = frame.set_index("k");
  EXPECT_EQ(indexed.compute(), compute_sync(indexed));
}

}  // namespace
