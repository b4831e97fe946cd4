// Groupby, value_counts, nunique and drop_duplicates under the default scheduler (workers at
// np > 1): bit for bit the sync scheduler's tables, for every aggregation and tree shape.
#include <gtest/gtest.h>

#include <dtask/dataframe/groupby.hpp>
#include <dtask/dataframe/series.hpp>

#include "frame_testing.hpp"
#include "groupby_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::Agg;

TEST(DataFrameMpi, GroupByGivesTheSyncSchedulersTable) {
  const dd::DataFrame frame = dd::from_table(dd::testing::random_table(3000, 200, 30), 7);
  std::vector<dd::Aggregation> aggregations;
  for (Agg a : {Agg::sum, Agg::mean, Agg::count, Agg::min, Agg::max, Agg::var, Agg::std, Agg::first, Agg::last, Agg::nunique}) {
    aggregations.push_back({"v_float", a, "f" + std::to_string(static_cast<int>(a))});
    aggregations.push_back({"v_int", a, "i" + std::to_string(static_cast<int>(a))});
  }
  aggregations.push_back({"v_str", Agg::last, "s_last"});
  aggregations.push_back({"", Agg::size, "size"});
  for (auto [every, out] : {std::pair{2, 1}, std::pair{3, 3}, std::pair{8, 1}}) {
    dd::GroupByOptions options;
    options.split_every = every;
    options.split_out = out;
    for (const std::vector<std::string>& keys : {std::vector<std::string>{"k_str"}, {"k_int", "k_bool"}}) {
      const dd::DataFrame result = dd::GroupBy(frame, keys, options).agg(aggregations);
      EXPECT_EQ(result.compute(), dd::testing::compute_sync(result));
    }
  }
}

TEST(DataFrameMpi, ValueCountsNuniqueAndDropDuplicatesGiveTheSyncSchedulersResults) {
  const dd::DataFrame frame = dd::from_table(dd::testing::random_table(2000, 50, 31), 5);
  const dd::Series counts = frame["k_str"].value_counts();
  EXPECT_EQ(counts.compute(), dd::testing::compute_sync(counts.frame()));
  dtask::sched::SyncScheduler sync;
  EXPECT_EQ(frame["v_str"].nunique().compute(), frame["v_str"].nunique().compute(sync));
  const dd::DataFrame distinct = frame.drop_duplicates({"k_int", "v_str"});
  EXPECT_EQ(distinct.compute(), dd::testing::compute_sync(distinct));
}

}  // namespace
