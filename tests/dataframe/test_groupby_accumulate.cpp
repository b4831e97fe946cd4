// The groupby's batch kernels: GroupDictionary against group_rows of the concatenated batches,
// and GroupAccumulator over batches of every size against partial_aggregate of the whole table
// (bit for bit) and, finished, against the naive reference.
#include <gtest/gtest.h>

#include <algorithm>

#include "../../src/dataframe/group_rows.hpp"
#include "../../src/dataframe/groupby_accumulate.hpp"
#include "groupby_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::Agg;
using dtask::Column;
using dtask::ColumnType;
using dtask::Table;

// Batches of `rows` rows (the last shorter) of every column of table.
std::vector<Table> batches_of(const Table& table, std::size_t rows) {
  std::vector<Table> out;
  for (std::size_t begin = 0; begin < table.rows(); begin += rows) {
    Table batch;
    const std::size_t end = std::min(table.rows(), begin + rows);
    for (std::size_t c = 0; c < table.width(); ++c) batch.add_column(table.names()[c], table.column(c).slice(begin, end));
    out.push_back(std::move(batch));
  }
  return out;
}

std::vector<const Column*> columns_of(const Table& table) {
  std::vector<const Column*> out;
  for (std::size_t c = 0; c < table.width(); ++c) out.push_back(&table.column(c));
  return out;
}

// Every aggregation the accumulator keeps, of every value column it keeps it for.
std::vector<dd::Aggregation> accumulated_aggregations() {
  std::vector<dd::Aggregation> out;
  for (const char* c : {"v_int", "v_float", "v_bool"}) {
    for (Agg a : {Agg::sum, Agg::mean, Agg::count, Agg::min, Agg::max, Agg::first, Agg::last})
      out.push_back({c, a, std::string(c) + "_" + std::to_string(static_cast<int>(a))});
  }
  out.push_back({"v_str", Agg::count, "v_str_count"});
  out.push_back({"", Agg::size, "size"});
  return out;
}

TEST(GroupDictionary, NumbersGroupsAcrossBatchesAsGroupRowsDoesTheWholeColumn) {
  // k_str has keys longer than a slot's 16 bytes and missing keys; 1000 groups in 3000 rows.
  const Table table = dd::testing::random_table(3000, 1000, 5);
  for (const char* key : {"k_int", "k_str"}) {
    const std::size_t position = table.position(key);
    const dd::RowGroups whole = dd::group_rows(table, std::vector<std::size_t>{position}, dd::NullKeys::drop);
    for (std::size_t rows : {1, 7, 999, 3000}) {
      dd::GroupDictionary groups(table.column(position).type());
      std::vector<std::uint32_t> ids, all;
      for (const Table& batch : batches_of(table, rows)) {
        // A small expected_rows: the table must still grow as it fills.
        groups.assign(batch.column(position), ids, 10);
        all.insert(all.end(), ids.begin(), ids.end());
      }
      EXPECT_EQ(all, whole.group_of_row) << key << ", batches of " << rows;
      ASSERT_EQ(groups.size(), whole.size());
      EXPECT_EQ(groups.take_keys(), table.column(position).take(whole.first_row)) << key;
      EXPECT_EQ(groups.size(), 0u);
    }
  }
}

TEST(GroupAccumulator, BatchesGiveThePartialAggregateOfTheWholePartition) {
  const Table table = dd::testing::random_table(2000, 150, 9);
  const std::vector<dd::Aggregation> aggregations = accumulated_aggregations();
  for (const char* key : {"k_int", "k_str"}) {
    const dd::GroupPlan plan{{key}, aggregations, 1, true};
    ASSERT_TRUE(dd::GroupAccumulator::supports(plan, table.schema()));
    const dd::GroupPack whole = dd::partial_aggregate(table, plan);
    for (std::size_t rows : {1, 3, 64, 2000}) {
      dd::GroupAccumulator partial(plan, table.schema());
      for (const Table& batch : batches_of(table, rows)) partial.add(columns_of(batch), table.rows());
      const dd::GroupPack pack = partial.finish();
      ASSERT_EQ(pack.size(), 1u);
      EXPECT_EQ(pack[0], whole[0]) << key << ", batches of " << rows;
    }
    dd::testing::expect_rows_near(dd::testing::rows_of(dd::finalize_groups(whole, plan)),
                                  dd::testing::naive_groupby(table, {key}, aggregations), true);
  }
}

TEST(GroupAccumulator, LeavesOtherPlansToTheWholePartition) {
  const dtask::Schema schema = dd::testing::random_table(10, 3, 1).schema();
  const auto plan = [](std::vector<std::string> keys, dd::Aggregation a) { return dd::GroupPlan{keys, {a}, 1, true}; };
  EXPECT_TRUE(dd::GroupAccumulator::supports(plan({"k_str"}, {"", Agg::size, "n"}), schema));
  EXPECT_FALSE(dd::GroupAccumulator::supports(plan({"k_str", "k_int"}, {"v_int", Agg::sum, "s"}), schema));
  EXPECT_FALSE(dd::GroupAccumulator::supports(plan({"k_float"}, {"v_int", Agg::sum, "s"}), schema));
  EXPECT_FALSE(dd::GroupAccumulator::supports(plan({"k_bool"}, {"v_int", Agg::sum, "s"}), schema));
  for (Agg a : {Agg::var, Agg::std, Agg::nunique})
    EXPECT_FALSE(dd::GroupAccumulator::supports(plan({"k_int"}, {"v_float", a, "x"}), schema));
  for (Agg a : {Agg::min, Agg::max, Agg::first, Agg::last})
    EXPECT_FALSE(dd::GroupAccumulator::supports(plan({"k_int"}, {"v_str", a, "x"}), schema));
}

TEST(GroupAccumulator, MinAndMaxOfLargeIntegersCompareAsIntegers) {
  // 2^53 and 2^53 + 1 are one double: compared as doubles, the first would be both min and max.
  Table table;
  const std::int64_t big = std::int64_t{1} << 53;
  table.add_column("k", Column::of(std::vector<std::int64_t>{1, 1, 1}));
  table.add_column("v", Column::of(std::vector<std::int64_t>{big, big + 1, big}));
  const dd::GroupPlan plan{{"k"}, {{"v", Agg::min, "lo"}, {"v", Agg::max, "hi"}}, 1, true};
  const Table result = dd::finalize_groups(dd::partial_aggregate(table, plan), plan);
  EXPECT_EQ(result.column("lo").int64s()[0], big);
  EXPECT_EQ(result.column("hi").int64s()[0], big + 1);
}

}  // namespace
