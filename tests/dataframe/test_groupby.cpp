// GroupBy on the sync scheduler against the naive std::map reference (groupby_testing.hpp), for
// every aggregation, key type, partitioning, split_every, split_out and sort; and its errors.
#include <gtest/gtest.h>

#include <dtask/dataframe/groupby.hpp>

#include <limits>

#include "frame_testing.hpp"
#include "groupby_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::Agg;
using dd::testing::compute_sync;

// Every aggregation that applies to each value column, named column_agg.
std::vector<dd::Aggregation> every_aggregation() {
  std::vector<dd::Aggregation> out;
  const std::vector<Agg> numeric = {Agg::sum, Agg::mean, Agg::count, Agg::min, Agg::max, Agg::var,
                                    Agg::std, Agg::first, Agg::last, Agg::nunique};
  const std::vector<Agg> strings = {Agg::count, Agg::min, Agg::max, Agg::first, Agg::last, Agg::nunique};
  for (const char* c : {"v_int", "v_float", "v_bool"}) {
    for (Agg a : numeric) out.push_back({c, a, std::string(c) + "_" + std::to_string(static_cast<int>(a))});
  }
  for (Agg a : strings) out.push_back({"v_str", a, "v_str_" + std::to_string(static_cast<int>(a))});
  out.push_back({"", Agg::size, "size"});
  return out;
}

void check(const dtask::Table& table, const std::vector<std::string>& keys, std::int64_t partitions,
           dd::GroupByOptions options) {
  SCOPED_TRACE("keys " + keys[0] + (keys.size() > 1 ? "+" + keys[1] : "") + ", " + std::to_string(partitions) +
               " partitions, split_every " + std::to_string(options.split_every) + ", split_out " +
               std::to_string(options.split_out) + (options.sort ? ", sorted" : ""));
  const std::vector<dd::Aggregation> aggregations = every_aggregation();
  const dd::DataFrame result =
      dd::GroupBy(dd::from_table(table, partitions), keys, options).agg(aggregations);
  ASSERT_EQ(result.npartitions(), options.split_out);
  const dtask::Table got = compute_sync(result);
  EXPECT_EQ(got.schema(), result.meta());
  EXPECT_EQ(got.index_width(), keys.size());
  std::vector<dd::testing::Row> rows = dd::testing::rows_of(got);
  const bool ordered = options.sort && options.split_out == 1;
  dd::testing::expect_rows_near(rows, dd::testing::naive_groupby(table, keys, aggregations, options.ddof), ordered);
}

TEST(GroupBy, EveryAggregationMatchesTheNaiveReference) {
  const dtask::Table table = dd::testing::random_table(300, 17, 1);
  const std::vector<std::vector<std::string>> keysets = {{"k_int"}, {"k_str"}, {"k_bool"}, {"k_float"}, {"k_str", "k_int"}};
  for (const auto& keys : keysets) {
    for (std::int64_t partitions : {1, 4, 301}) {
      for (auto [every, out] : {std::pair{2, 1}, std::pair{3, 3}, std::pair{8, 1}}) {
        for (bool sort : {true, false}) {
          dd::GroupByOptions options;
          options.split_every = every;
          options.split_out = out;
          options.sort = sort;
          check(table, keys, partitions, options);
        }
      }
    }
  }
}

TEST(GroupBy, OddShapes) {
  dd::GroupByOptions options;
  options.split_every = 2;
  // One group; every row its own group; nothing but missing values; no rows; one row.
  check(dd::testing::random_table(50, 1, 2, 0.0), {"k_str"}, 5, options);
  check(dd::testing::random_table(200, 1000000, 3, 0.0), {"k_int"}, 6, options);
  check(dd::testing::random_table(40, 4, 4, 1.0), {"k_int"}, 3, options);
  check(dd::testing::random_table(30, 4, 5, 0.9), {"k_str", "k_bool"}, 7, options);
  check(dd::testing::random_table(0, 4, 6), {"k_str"}, 3, options);
  check(dd::testing::random_table(1, 4, 7, 0.0), {"k_float"}, 4, options);
  options.ddof = 0;
  check(dd::testing::random_table(100, 9, 8), {"k_int"}, 3, options);
  options.split_out = 3;
  check(dd::testing::random_table(20000, 5000, 9), {"k_str"}, 9, options);
}

TEST(GroupBy, SingleAggregationsNameColumnsAsPandas) {
  const dtask::Table table = dd::testing::random_table(100, 5, 10);
  const dd::DataFrame frame = dd::from_table(table, 3)[std::vector<std::string>{"k_str", "v_int", "v_float"}];
  const dd::DataFrame means = frame.groupby("k_str").mean();
  EXPECT_EQ(means.meta().names, (std::vector<std::string>{"k_str", "v_int", "v_float"}));
  EXPECT_EQ(means.meta().types, (std::vector{dtask::ColumnType::string, dtask::ColumnType::float64, dtask::ColumnType::float64}));
  const dd::DataFrame sums = frame.groupby("k_str")["v_int"].sum();
  EXPECT_EQ(sums.meta().types.back(), dtask::ColumnType::int64);
  dd::testing::expect_rows_near(dd::testing::rows_of(compute_sync(sums)),
                                dd::testing::naive_groupby(table, {"k_str"}, {{"v_int", Agg::sum}}), true);
  const dd::DataFrame size = frame.groupby("k_str").size();
  EXPECT_EQ(size.meta().names, (std::vector<std::string>{"k_str", "size"}));
  const dd::DataFrame both = frame.groupby("k_str").agg({{"v_int", Agg::mean}, {"v_int", Agg::max}, {"v_float", Agg::count}});
  EXPECT_EQ(both.meta().names, (std::vector<std::string>{"k_str", "v_int_mean", "v_int_max", "v_float"}));
  for (Agg a : {Agg::count, Agg::min, Agg::max, Agg::var, Agg::std, Agg::first, Agg::last, Agg::nunique}) {
    const dd::DataFrame one = frame.groupby("k_str")["v_float"].agg(a);
    dd::testing::expect_rows_near(dd::testing::rows_of(compute_sync(one)),
                                  dd::testing::naive_groupby(table, {"k_str"}, {{"v_float", a}}), true);
  }
}

TEST(GroupBy, SortsStringsThatShareTheirFirstEightBytes) {
  // Ties on the first 8 bytes, settled on the next 8 (all keys of at most 16 bytes) or, with a
  // longer key, by comparing whole strings; prefixes of each other ("ab", "abcdefgh", ...).
  for (const std::string& longer : {std::string("abcdefgh12"), std::string("abcdefgh-more-than-16")}) {
    dtask::Column s(dtask::ColumnType::string), i(dtask::ColumnType::int64), x(dtask::ColumnType::float64);
    const std::vector<std::string> stems = {"abcdefgh", "ab", "abcdefgh1", "abcdefgh0", longer, "abcdefgi", ""};
    for (int r = 0; r < 2000; ++r) {
      s.append_string(r % 3 == 0 ? stems[static_cast<std::size_t>(r) % stems.size()] : "abcdefgh" + std::to_string(r % 97));
      i.append_int64(r % 4);
      x.append_float64(r);
    }
    dtask::Table t;
    t.add_column("s", std::move(s));
    t.add_column("i", std::move(i));
    t.add_column("x", std::move(x));
    for (const std::vector<std::string>& keys : {std::vector<std::string>{"s"}, {"s", "i"}, {"i", "s"}}) {
      const dtask::Table got = compute_sync(dd::GroupBy(dd::from_table(t, 3), keys).agg({{"x", Agg::sum}}));
      dd::testing::expect_rows_near(dd::testing::rows_of(got), dd::testing::naive_groupby(t, keys, {{"x", Agg::sum}}), true);
    }
  }
}

TEST(GroupBy, ExtremeKeysGroupAndSortAsPandas) {
  // 0.0 and -0.0 are one group, NaN keys are dropped, infinities and int64's ends sort in place.
  const double inf = std::numeric_limits<double>::infinity();
  const std::int64_t lo = std::numeric_limits<std::int64_t>::min(), hi = std::numeric_limits<std::int64_t>::max();
  const std::vector<double> floats = {0.0, -0.0, std::nan(""), inf, -inf, -1.5, 1e-300, -1e-300, 2.0};
  const std::vector<std::int64_t> ints = {lo, hi, 0, -1, 1, lo + 1, hi - 1};
  dtask::Column f(dtask::ColumnType::float64), i(dtask::ColumnType::int64), b(dtask::ColumnType::boolean), x(dtask::ColumnType::int64);
  for (std::size_t r = 0; r < 200; ++r) {
    f.append_float64(floats[r * 7 % floats.size()]);
    i.append_int64(ints[r * 5 % ints.size()]);
    b.append_bool(r % 3 == 0);
    x.append_int64(static_cast<std::int64_t>(r));
  }
  dtask::Table t;
  t.add_column("f", std::move(f));
  t.add_column("i", std::move(i));
  t.add_column("b", std::move(b));
  t.add_column("x", std::move(x));
  const std::vector<dd::Aggregation> aggregations = {{"x", Agg::sum}, {"x", Agg::first, "x_first"}, {"", Agg::size, "size"}};
  for (const std::vector<std::string>& keys : {std::vector<std::string>{"f"}, {"i"}, {"b"}, {"b", "f", "i"}}) {
    for (std::int64_t parts : {1, 6}) {
      const dtask::Table got = compute_sync(dd::GroupBy(dd::from_table(t, parts), keys).agg(aggregations));
      dd::testing::expect_rows_near(dd::testing::rows_of(got), dd::testing::naive_groupby(t, keys, aggregations), true);
    }
  }
}

TEST(GroupBy, ChansMergeKeepsPrecisionOfLargeOffsets) {
  // Values 1e9 + {0, 1, 2, ...}: sums of squares lose every digit, the merged M2 does not.
  dtask::Column k(dtask::ColumnType::int64), x(dtask::ColumnType::float64);
  for (int r = 0; r < 1000; ++r) {
    k.append_int64(r % 2);
    x.append_float64(1e9 + r % 10);
  }
  dtask::Table t;
  t.add_column("k", std::move(k));
  t.add_column("x", std::move(x));
  const dtask::Table got = compute_sync(dd::from_table(t, 10).groupby("k")["x"].var());
  dd::testing::expect_rows_near(dd::testing::rows_of(got), dd::testing::naive_groupby(t, {"k"}, {{"x", Agg::var}}), true);
}

TEST(GroupBy, MinAndMaxOfLargeIntegersCompareAsIntegers) {
  // 2^53 and 2^53 + 1 are one double: compared as doubles, the first would be both min and max.
  dtask::Table table;
  const std::int64_t big = std::int64_t{1} << 53;
  table.add_column("k", dtask::Column::of(std::vector<std::int64_t>{1, 1, 1, 2}));
  table.add_column("v", dtask::Column::of(std::vector<std::int64_t>{big, big + 1, big, big + 1}));
  for (std::int64_t partitions : {1, 3}) {
    const dtask::Table result = compute_sync(
        dd::from_table(table, partitions).groupby("k").agg({{"v", Agg::min, "lo"}, {"v", Agg::max, "hi"}}));
    EXPECT_EQ(result.column("lo").int64s()[0], big);
    EXPECT_EQ(result.column("hi").int64s()[0], big + 1);
    EXPECT_EQ(result.column("lo").int64s()[1], big + 1);
  }
}

TEST(GroupBy, UnknownColumnsAndStringSumsFailAtGraphTime) {
  const dd::DataFrame frame = dd::from_table(dd::testing::random_table(10, 3, 11), 2);
  try {
    (void)frame.groupby("nope");
    FAIL() << "no error";
  } catch (const dtask::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("k_str"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)frame.groupby("k_int")["nope"], dtask::ValueError);
  EXPECT_THROW((void)frame.groupby("k_int").agg({{"nope", Agg::min}}), dtask::ValueError);
  EXPECT_THROW((void)frame.groupby("k_int")["v_str"].sum(), dtask::TypeError);
  EXPECT_THROW((void)frame.groupby("k_int")["v_str"].mean(), dtask::TypeError);
  EXPECT_THROW((void)frame.groupby("k_int")["v_str"].std(), dtask::TypeError);
  EXPECT_NO_THROW((void)frame.groupby("k_int")["v_str"].max());
  dd::GroupByOptions bad;
  bad.split_every = 1;
  EXPECT_THROW((void)frame.groupby("k_int").with_options(bad)["v_int"].mean(), dtask::ValueError);
}

}  // namespace
