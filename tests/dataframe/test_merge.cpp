// merge on the sync scheduler against a nested-loop join: every how, one or two keys, int64
// and string keys with nulls, many-to-many matches, empty partitions, broadcast and shuffle.
#include <gtest/gtest.h>

#include <dtask/dataframe/merge.hpp>

#include "frame_testing.hpp"
#include "join_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::How;
using dd::testing::compute_sync;
using dd::testing::join_table;
using dd::testing::merge_on;
using dd::testing::naive_merge;
using dd::testing::printed_rows;
using dd::testing::sorted;

constexpr How every_how[] = {How::inner, How::left, How::right, How::outer};

std::string how_name(How how) {
  const char* names[] = {"inner", "left", "right", "outer"};
  return names[static_cast<int>(how)];
}

void expect_same_rows(const dtask::Table& left, const dtask::Table& right, std::int64_t lp,
                      std::int64_t rp, const std::vector<std::string>& on, std::int64_t broadcast) {
  for (How how : every_how) {
    const dd::MergeOptions options = merge_on(how, on, broadcast);
    const dd::DataFrame joined = dd::from_table(left, lp).merge(dd::from_table(right, rp), options);
    EXPECT_EQ(sorted(printed_rows(compute_sync(joined))), sorted(naive_merge(left, right, how, on, on)))
        << how_name(how) << " on " << on.front() << (on.size() > 1 ? "+" : "") << ", partitions "
        << lp << "/" << rp << ", broadcast_partitions " << broadcast;
  }
}

TEST(Merge, MatchesNestedLoopsForEveryHowKeyAndPlan) {
  // Few keys: many-to-many matches, nulls on both sides, keys on one side only.
  const dtask::Table left = join_table(60, 8, 1, 0, "v");
  const dtask::Table right = join_table(25, 10, 2, 1000, "z");
  const std::vector<std::vector<std::string>> keys = {{"k"}, {"s"}, {"k", "s"}};
  for (const auto& on : keys) {
    for (auto [lp, rp] : {std::pair{1, 1}, {3, 1}, {4, 2}, {7, 5}}) {
      for (std::int64_t broadcast : {0, 1, 10})
        expect_same_rows(left, right, lp, rp, on, broadcast);
    }
  }
}

TEST(Merge, MatchesNestedLoopsOnDistinctKeys) {
  // w is the row number plus a base: distinct keys on both sides, overlapping in part.
  const dtask::Table left = join_table(30, 5, 14, 0, "v");
  const dtask::Table right = join_table(20, 5, 15, 22, "z");
  for (std::int64_t broadcast : {0, 1, 10}) expect_same_rows(left, right, 3, 2, {"w"}, broadcast);
}

TEST(Merge, MatchesNestedLoopsOnFloatKeysOfDifferentNames) {
  const dtask::Table left = join_table(40, 5, 16, 0, "v");
  const dtask::Table right = join_table(30, 5, 17, 0, "z");
  for (How how : every_how) {
    for (std::int64_t broadcast : {0, 1}) {
      dd::MergeOptions options = merge_on(how, {}, broadcast);
      options.left_on = {"v", "s"};
      options.right_on = {"z", "s"};
      const dd::DataFrame joined = dd::from_table(left, 3).merge(dd::from_table(right, 1), options);
      EXPECT_EQ(sorted(printed_rows(compute_sync(joined))),
                sorted(naive_merge(left, right, how, {"v", "s"}, {"z", "s"})))
          << how_name(how) << " " << broadcast;
    }
  }
}

TEST(Merge, JoinsAFrameWithItself) {
  const dtask::Table t = join_table(25, 6, 18, 0, "v");
  const dd::DataFrame frame = dd::from_table(t, 3);
  for (std::int64_t broadcast : {0, 3}) {
    const dd::DataFrame joined = frame.merge(frame, merge_on(How::inner, {"k"}, broadcast));
    EXPECT_EQ(joined.columns(), (std::vector<std::string>{"k", "s_x", "w_x", "v_x", "s_y", "w_y", "v_y"}));
    EXPECT_EQ(sorted(printed_rows(compute_sync(joined))), sorted(naive_merge(t, t, How::inner, {"k"}, {"k"})));
  }
}

TEST(Merge, HandlesEmptyPartitionsEmptySidesAndNoOrAllMatches) {
  const dtask::Table left = join_table(3, 4, 3, 0, "v");
  const dtask::Table right = join_table(5, 4, 4, 100, "z");
  expect_same_rows(left, right, 6, 9, {"k"}, 0);  // more partitions than rows
  expect_same_rows(left, right, 6, 9, {"k"}, 10);
  const dtask::Table empty = left.head(0);
  expect_same_rows(empty, right, 2, 2, {"s"}, 0);
  expect_same_rows(left, empty, 2, 1, {"s"}, 1);
  // No matches: disjoint key ranges; all match: one key everywhere.
  expect_same_rows(join_table(20, 3, 5, 0, "v", 1000),
                   join_table(9, 3, 6, 50, "z", 1000).slice(0, 0), 3, 1, {"k"}, 1);
  const dtask::Table one_key_left = join_table(12, 1, 7, 0, "v", 1000);
  const dtask::Table one_key_right = join_table(4, 1, 8, 0, "z", 1000);
  expect_same_rows(one_key_left, one_key_right, 3, 2, {"k"}, 0);
  expect_same_rows(one_key_left, one_key_right, 3, 2, {"k"}, 2);
}

TEST(Merge, BroadcastKeepsTheBigSidesOrderWithMatchesInTheSmallSidesOrder) {
  const dtask::Table left = join_table(40, 6, 9, 0, "v");
  const dtask::Table right = join_table(15, 6, 10, 500, "z");
  for (How how : {How::inner, How::left}) {
    const auto joined =
        dd::merge(dd::from_table(left, 4), dd::from_table(right, 1), merge_on(how, {"k"}));
    EXPECT_EQ(joined.npartitions(), 4);
    EXPECT_EQ(printed_rows(compute_sync(joined)), naive_merge(left, right, how, {"k"}, {"k"}))
        << how_name(how);
  }
  // how = right broadcasts the left and keeps the right's order.
  const auto joined =
      dd::merge(dd::from_table(left, 1), dd::from_table(right, 3), merge_on(How::right, {"s"}));
  EXPECT_EQ(printed_rows(compute_sync(joined)), naive_merge(left, right, How::right, {"s"}, {"s"}));
}

TEST(Merge, NamesColumnsAsPandasWithSuffixesAndSeparateKeys) {
  dtask::Table left, right;
  left.add_column("a", dtask::Column::of(std::vector<std::int64_t>{1, 2, 3}));
  left.add_column("k", dtask::Column::of(std::vector<std::int64_t>{1, 2, 3}));
  left.add_column("v", dtask::Column::of(std::vector<double>{1, 2, 3}));
  right.add_column("b", dtask::Column::of(std::vector<std::int64_t>{2, 3, 4, 5}));
  right.add_column("a", dtask::Column::of(std::vector<std::int64_t>{9, 8, 7, 6}));
  right.add_column("v", dtask::Column::of(std::vector<double>{4, 5, 6, 7}));
  dd::MergeOptions options;
  options.how = How::outer;
  options.left_on = {"a"};
  options.right_on = {"b"};
  options.suffixes = {"_l", "_r"};
  const auto joined = dd::from_table(left).merge(dd::from_table(right), options);
  EXPECT_EQ(joined.columns(), (std::vector<std::string>{"a_l", "k", "v_l", "b", "a_r", "v_r"}));
  const dtask::Table t = compute_sync(joined);
  EXPECT_EQ(t.schema(), joined.meta());
  EXPECT_EQ(sorted(printed_rows(t)), sorted(naive_merge(left, right, How::outer, {"a"}, {"b"})));
  // int64 columns keep their type, with validity nulls where a side did not match.
  EXPECT_EQ(t.column("a_l").type(), dtask::ColumnType::int64);
  EXPECT_EQ(t.column("a_l").null_count(), 2U);
  // A shared key is one column; with no key given, the columns both sides have are the keys.
  const auto shared = dd::from_table(left).merge(
      dd::from_table(right.select(std::vector<std::string>{"a", "v"})), {});
  EXPECT_EQ(shared.columns(), (std::vector<std::string>{"a", "k", "v"}));
  // Index columns are dropped, as pandas drops the index in a merge on columns.
  dtask::Table indexed = left;
  indexed.set_index_width(1);
  const auto dropped =
      dd::from_table(indexed, 2).merge(dd::from_table(right), merge_on(How::left, {"v"}));
  EXPECT_EQ(dropped.meta().index_width, 0U);
  EXPECT_EQ(dropped.columns(), (std::vector<std::string>{"k", "v", "b", "a"}));
  EXPECT_EQ(compute_sync(dropped).schema(), dropped.meta());
}

TEST(Merge, SelectingColumnsOfAMergeGivesTheSameColumnsAsSelectingAfterIt) {
  // Both sides have a and v, so a_l, v_l, a_r and v_r are suffixed: selecting one of them must
  // keep its namesake on the other side, or the re-planned merge would not suffix it.
  dtask::Table left = join_table(40, 6, 3, 0, "v");
  dtask::Table right = join_table(30, 6, 4, 100, "v");
  left.add_column("a", dtask::Column::of(std::vector<std::int64_t>(40, 1)));
  right.add_column("a", dtask::Column::of(std::vector<std::int64_t>(30, 2)));
  const std::vector<std::vector<std::string>> selections = {
      {"v_l"}, {"a_r"}, {"k", "v_r"}, {"w_r", "s"}, {"v_r", "v_l", "a_l"}};
  for (How how : every_how) {
    dd::MergeOptions options = merge_on(how, {"k", "s"}, 0);
    options.suffixes = {"_l", "_r"};
    const auto joined = dd::from_table(left, 3).merge(dd::from_table(right, 2), options);
    ASSERT_NE(joined.source(), nullptr);
    const dtask::Table all = compute_sync(joined);
    for (const std::vector<std::string>& columns : selections) {
      const dd::DataFrame selected = joined[columns];
      EXPECT_EQ(selected.columns(), columns);
      EXPECT_EQ(sorted(printed_rows(compute_sync(selected))), sorted(printed_rows(all.select(columns))))
          << how_name(how) << ", " << columns.front();
    }
  }
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const dtask::ValueError& e) {
    return e.what();
  }
  return "(no ValueError)";
}

TEST(Merge, RejectsUnknownIndexAndMistypedKeysWithClearMessages) {
  const dd::DataFrame left = dd::from_table(join_table(5, 3, 1, 0, "v"));
  const dd::DataFrame right = dd::from_table(join_table(5, 3, 2, 0, "z"));
  const std::string unknown =
      message_of([&] { dd::merge(left, right, merge_on(How::inner, {"asin"})); });
  EXPECT_NE(unknown.find("'asin'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("k, s, w, v"), std::string::npos) << unknown;
  dd::MergeOptions mistyped_keys;
  mistyped_keys.left_on = {"k"};
  mistyped_keys.right_on = {"z"};
  const std::string mistyped = message_of([&] { dd::merge(left, right, mistyped_keys); });
  EXPECT_NE(mistyped.find("'k' of the left is int64"), std::string::npos) << mistyped;
  EXPECT_NE(mistyped.find("'z' of the right is float64"), std::string::npos) << mistyped;
  dd::MergeOptions uneven_keys;
  uneven_keys.left_on = {"k", "s"};
  uneven_keys.right_on = {"k"};
  const std::string counts = message_of([&] { dd::merge(left, right, uneven_keys); });
  EXPECT_NE(counts.find("left_on has 2"), std::string::npos) << counts;
  dtask::Table indexed = join_table(5, 3, 1, 0, "v");
  indexed.set_index_width(1);
  const std::string index =
      message_of([&] { dd::merge(dd::from_table(indexed), right, merge_on(How::inner, {"k"})); });
  EXPECT_NE(index.find("reset_index"), std::string::npos) << index;
}

}  // namespace

namespace {

// A table of join_table with its first `width` columns as the index.
dtask::Table indexed(dtask::Table table, std::size_t width) {
  table.set_index_width(width);
  return table;
}

TEST(Join, MergesOnTheIndexesAndKeepsTheLeftIndex) {
  const dtask::Table left = join_table(37, 6, 11, 0, "a"), right = join_table(23, 6, 12, 100, "b");
  for (How how : every_how) {
    for (std::int64_t rp : {1, 3}) {
      const dd::DataFrame joined =
          dd::from_table(indexed(left, 1), 4).join(dd::from_table(indexed(right.select(std::vector<std::string>{"k", "b"}), 1), rp), how);
      const dtask::Table got = compute_sync(joined);
      EXPECT_EQ(got.index_width(), 1u);
      EXPECT_EQ(got.names(), (std::vector<std::string>{"k", "s", "w", "a", "b"}));
      const dtask::Table right_kb = right.select(std::vector<std::string>{"k", "b"});
      EXPECT_EQ(sorted(printed_rows(got)), sorted(naive_merge(left, right_kb, how, {"k"}, {"k"})))
          << how_name(how) << ", right partitions " << rp;
    }
  }
}

TEST(Join, RefusesIndexesThatDiffer) {
  const dtask::Table t = join_table(5, 3, 1, 0, "a");
  const dd::DataFrame by_k = dd::from_table(indexed(t, 1), 1), plain = dd::from_table(t, 1);
  EXPECT_THROW(by_k.join(plain), dtask::ValueError);
  EXPECT_THROW(plain.join(by_k), dtask::ValueError);
  EXPECT_THROW(by_k.join(dd::from_table(indexed(t, 2), 1)), dtask::ValueError);
}

}  // namespace
