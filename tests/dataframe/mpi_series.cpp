// Series operators, filters, reductions, describe and len under the default scheduler (workers
// at np > 1): the same tables and the same bits as the sync scheduler.
#include <gtest/gtest.h>

#include <dtask/dataframe/series.hpp>

#include "series_testing.hpp"

namespace {

namespace dd = dtask::dataframe;

TEST(DataFrameMpi, SeriesOperatorsAndFiltersGiveTheSyncSchedulersTable) {
  const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(1000), 7);
  const dd::DataFrame filtered = f[(f["x"] > 10) | f["b"]];
  const dd::DataFrame out = filtered.assign("z", filtered["k"] * filtered["y"] - 1)
                                .assign("m", filtered["name"] == filtered["other"]);
  EXPECT_EQ(out.compute(), dd::testing::compute_sync(out));
  EXPECT_EQ(filtered.len(), static_cast<std::int64_t>(dd::testing::compute_sync(filtered).rows()));
  EXPECT_EQ(filtered.head(3), dd::testing::compute_sync(filtered).head(3));
}

TEST(DataFrameMpi, ReductionsAndDescribeGiveTheSyncSchedulersBits) {
  const dd::DataFrame f = dd::from_table(dd::testing::numbers_table(20000), 19);
  const dd::Series y = f["y"] * 0.3 + f["k"];
  dtask::sched::SyncScheduler sync;
  EXPECT_EQ(y.sum().compute(), y.sum().compute(sync));
  EXPECT_EQ(y.mean().compute(), y.mean().compute(sync));
  EXPECT_EQ(y.var().compute(), y.var().compute(sync));
  EXPECT_EQ(y.std(0).compute(), y.std(0).compute(sync));
  EXPECT_EQ(y.min().compute(), y.min().compute(sync));
  EXPECT_EQ(y.max().compute(), y.max().compute(sync));
  EXPECT_EQ(y.count().compute(), y.count().compute(sync));
  EXPECT_EQ(f.describe().compute(), dd::testing::compute_sync(f.describe()));
}

}  // namespace
