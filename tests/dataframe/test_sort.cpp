// sort_values, set_index and reset_index on the sync scheduler against std::stable_sort of the
// whole table: the partitions concatenated are the globally sorted table, ties in input order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "frame_testing.hpp"
#include "join_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::compute_sync;
using dd::testing::join_table;

// The reference order: stable, by each column in turn, missing values and NaN last.
dtask::Table stable_sorted(const dtask::Table& t, const std::vector<std::string>& by,
                           bool ascending) {
  std::vector<std::uint32_t> order(t.rows());
  std::iota(order.begin(), order.end(), 0U);
  const auto missing = [](const dtask::Column& c, std::size_t r) {
    return !c.is_valid(r) ||
           (c.type() == dtask::ColumnType::float64 && std::isnan(c.float64s()[r]));
  };
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    for (const std::string& name : by) {
      const dtask::Column& c = t.column(name);
      const bool mx = missing(c, x), my = missing(c, y);
      if (mx != my) return my;
      if (mx) continue;
      if (c.type() == dtask::ColumnType::string) {
        if (c.string_at(x) != c.string_at(y)) return ascending == (c.string_at(x) < c.string_at(y));
      } else if (c.number_at(x) != c.number_at(y)) {
        return ascending == (c.number_at(x) < c.number_at(y));
      }
    }
    return false;
  });
  return t.take(order);
}

void expect_sorted(const dtask::Table& t, std::int64_t in_parts, std::int64_t out_parts,
                   const std::vector<std::string>& by, bool ascending) {
  const dd::DataFrame sorted =
      dd::from_table(t, in_parts)
          .sort_values(by, {.ascending = ascending, .npartitions = out_parts});
  EXPECT_EQ(sorted.npartitions(), out_parts > 0 ? out_parts : in_parts);
  EXPECT_EQ(compute_sync(sorted), stable_sorted(t, by, ascending))
      << by.front() << (ascending ? " ascending" : " descending") << ", partitions " << in_parts
      << " -> " << out_parts;
}

TEST(SortValues, MatchesStableSortWithTiesNullsAndBothDirections) {
  // Few keys: many ties; every ninth key missing; v has NaN-free floats, k ints, s strings.
  const dtask::Table t = join_table(200, 12, 11, 0, "v");
  for (bool ascending : {true, false}) {
    for (const auto& by :
         std::vector<std::vector<std::string>>{{"k"}, {"s"}, {"v"}, {"s", "k"}, {"k", "v", "w"}}) {
      for (auto [in, out] : {std::pair{1, 0}, {5, 0}, {4, 7}, {6, 2}, {3, 1}})
        expect_sorted(t, in, out, by, ascending);
    }
  }
}

TEST(SortValues, HandlesSortedReversedTinyAndNaNInputs) {
  const dtask::Table t = join_table(30, 1000, 12, 0, "v", 1000);
  expect_sorted(stable_sorted(t, {"w"}, true), 3, 0, {"w"}, true);   // already sorted
  expect_sorted(stable_sorted(t, {"w"}, true), 3, 0, {"w"}, false);  // reversed
  expect_sorted(t.head(2), 2, 9, {"k"}, true);                       // more partitions than rows
  expect_sorted(t.head(0), 2, 3, {"s"}, true);
  expect_sorted(t.head(1), 1, 1, {"s"}, false);
  dtask::Table with_nan;
  with_nan.add_column("x", dtask::Column::of(std::vector<double>{3, NAN, 1, 2, NAN, 1, -0.5}));
  with_nan.add_column("row", dtask::Column::of(std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6}));
  for (bool ascending : {true, false}) expect_sorted(with_nan, 3, 2, {"x"}, ascending);
  // Strings sharing long prefixes, around the sixteen bytes compared as integers.
  dtask::Table words;
  words.add_column("w", dtask::Column::of(std::vector<std::string>{
                            "abcdefghijklmnopq", "abcdefghijklmnop", "abc", "abcdefghijklmnopqz",
                            "", "b", "abcdefghijklmnop", std::string("abc\0", 4),
                            "abcdefghijklmnopqa", "abcdefgh", "abcdefghi", "zz", "abc"}));
  words.add_column("row", dtask::Column::of(
                              std::vector<std::int64_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
  for (bool ascending : {true, false}) expect_sorted(words, 2, 3, {"w"}, ascending);
}

TEST(SetIndex, MakesTheColumnASortedIndexAndResetIndexUndoesIt) {
  const dtask::Table t = join_table(50, 7, 13, 0, "v");
  const dd::DataFrame indexed =
      dd::from_table(t, 4).set_index("s", {.ascending = true, .npartitions = 3});
  EXPECT_EQ(indexed.meta().index_width, 1U);
  EXPECT_EQ(indexed.meta().names, (std::vector<std::string>{"s", "k", "w", "v"}));
  const dtask::Table got = compute_sync(indexed);
  EXPECT_EQ(got.schema(), indexed.meta());
  EXPECT_EQ(got.index_width(), 1U);
  EXPECT_EQ(got.select(std::vector<std::string>{"k", "w", "v"}).slice(0, got.rows()), [&] {
    dtask::Table expected =
        stable_sorted(t, {"s"}, true).select(std::vector<std::string>{"s", "k", "w", "v"});
    expected.set_index_width(1);
    return expected;
  }());
  const dd::DataFrame reset = indexed.reset_index();
  EXPECT_EQ(reset.meta().index_width, 0U);
  EXPECT_EQ(reset.columns(), (std::vector<std::string>{"s", "k", "w", "v"}));
  EXPECT_EQ(compute_sync(reset).index_width(), 0U);
  EXPECT_THROW(dd::from_table(t).set_index("nope"), dtask::ValueError);
  EXPECT_THROW(dd::from_table(t).sort_values({"k", "nope"}), dtask::ValueError);
}

}  // namespace
