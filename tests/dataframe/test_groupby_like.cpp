// value_counts, nunique and drop_duplicates on the sync scheduler against naive loops.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include <dtask/dataframe/series.hpp>

#include "frame_testing.hpp"
#include "groupby_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::cell;
using dd::testing::Cell;
using dd::testing::compute_sync;

TEST(ValueCounts, CountsDescendingTiesByValue) {
  for (const char* column : {"v_str", "k_int", "v_bool", "k_float"}) {
    for (std::int64_t partitions : {1, 5, 120}) {
      const dtask::Table table = dd::testing::random_table(100, 6, 20);
      const dd::Series s = dd::from_table(table, partitions)[column];
      std::map<Cell, std::int64_t> counts;
      for (std::size_t r = 0; r < table.rows(); ++r) {
        const Cell c = cell(table.column(column), r);
        if (c) ++counts[c];
      }
      std::vector<dd::testing::Row> expected;
      for (const auto& [value, n] : counts) expected.push_back({value, Cell(n)});
      std::stable_sort(expected.begin(), expected.end(), [](const auto& a, const auto& b) {
        return std::get<std::int64_t>(*a[1]) > std::get<std::int64_t>(*b[1]);
      });
      const dd::Series vc = s.value_counts();
      EXPECT_EQ(vc.name(), "count");
      const dtask::Table got = compute_sync(vc.frame());
      EXPECT_EQ(got.names(), (std::vector<std::string>{column, "count"}));
      EXPECT_EQ(got.index_width(), 1U);
      dd::testing::expect_rows_near(dd::testing::rows_of(got), expected, true);

      dtask::sched::SyncScheduler sync;
      EXPECT_EQ(s.nunique().compute(sync), static_cast<std::int64_t>(counts.size()));
    }
  }
}

// A row's values over some columns where missing and NaN are values of their own.
std::vector<std::string> identity(const dtask::Table& t, std::size_t r, const std::vector<std::string>& columns) {
  std::vector<std::string> out;
  for (const std::string& c : columns) {
    const dtask::Column& col = t.column(c);
    if (!col.is_valid(r)) out.emplace_back("<null>");
    else if (col.type() == dtask::ColumnType::float64) out.push_back(std::to_string(col.float64s()[r]));
    else out.push_back("=" + col.format_at(r));
  }
  return out;
}

TEST(DropDuplicates, KeepsFirstOccurrencesInRowOrder) {
  const dtask::Table table = dd::testing::random_table(200, 8, 21, 0.2);
  const std::vector<std::vector<std::string>> subsets = {{"k_str"}, {"k_int"}, {"k_float", "k_bool"}, {"k_int", "v_str"}, {}};
  for (const auto& subset : subsets) {
    for (std::int64_t partitions : {1, 3, 250}) {
      const std::vector<std::string> columns = subset.empty() ? table.names() : subset;
      std::set<std::vector<std::string>> seen;
      std::vector<std::uint32_t> keep;
      for (std::size_t r = 0; r < table.rows(); ++r) {
        if (seen.insert(identity(table, r, columns)).second) keep.push_back(static_cast<std::uint32_t>(r));
      }
      const dd::DataFrame distinct = dd::from_table(table, partitions).drop_duplicates(subset);
      EXPECT_EQ(distinct.meta(), table.schema());
      EXPECT_EQ(compute_sync(distinct), table.take(keep)) << "subset of " << subset.size() << ", " << partitions << " partitions";
    }
  }
  EXPECT_THROW((void)dd::from_table(table, 2).drop_duplicates({"nope"}), dtask::ValueError);
}

}  // namespace
