// Column, Table and row hashing: building, selecting, slicing, concatenating, printing as pandas
// prints, serialising, and hashing equal keys alike.
#include <gtest/gtest.h>

#include <dtask/core/row_hash.hpp>
#include <dtask/core/table.hpp>
#include <dtask/core/value.hpp>

#include "frame_testing.hpp"

namespace {

using dtask::Column;
using dtask::ColumnType;
using dtask::Table;
using dtask::dataframe::testing::mixed_table;

TEST(Column, KeepsValuesAndMissingRows) {
  Column c(ColumnType::string);
  c.append_string("ab");
  c.append_null();
  c.append_string("");
  ASSERT_EQ(c.size(), 3u);
  EXPECT_EQ(c.string_at(0), "ab");
  EXPECT_FALSE(c.is_valid(1));
  EXPECT_TRUE(c.is_valid(2));
  EXPECT_EQ(c.null_count(), 1u);
  EXPECT_EQ(c.format_at(1), "<NA>");
}

TEST(Column, ClearEmptiesAColumnForItsNextRows) {
  const Table rows = mixed_table(12);  // id has a null in row 10
  for (const std::string& name : rows.names()) {
    const Column& c = rows.column(name);
    Column refilled = c;
    refilled.clear();
    EXPECT_TRUE(refilled.empty());
    EXPECT_FALSE(refilled.has_nulls());
    EXPECT_EQ(refilled.type(), c.type());
    for (std::size_t r = 0; r < c.size(); ++r) refilled.append_from(c, r);
    EXPECT_EQ(refilled, c) << name;
  }
}

TEST(Column, TakeFilterSliceAndConcatAgreeWithALoop) {
  const Table t = mixed_table(29);
  for (std::size_t c = 0; c < t.width(); ++c) {
    const Column& column = t.column(c);
    const std::vector<std::uint32_t> rows = {28, 0, 5, 5, 10, 21};
    const Column taken = column.take(rows);
    Column expected(column.type());
    for (std::uint32_t r : rows) expected.append_from(column, r);
    EXPECT_EQ(taken, expected) << t.names()[c];

    std::vector<std::uint8_t> keep(column.size());
    Column kept(column.type());
    for (std::size_t r = 0; r < keep.size(); ++r) {
      keep[r] = r % 4 == 1;
      if (keep[r]) kept.append_from(column, r);
    }
    EXPECT_EQ(column.filter(keep), kept);

    const Column head = column.slice(0, 10), tail = column.slice(10, 99);
    EXPECT_EQ(head.size(), 10u);
    EXPECT_EQ(tail.size(), 19u);
    const Column* parts[] = {&head, &tail};
    EXPECT_EQ(Column::concat(parts), column);
  }
}

TEST(Table, SelectsByNameAndKeepsTheIndexFirst) {
  Table t = mixed_table(4);
  t.set_index_width(1);
  const std::vector<std::string> names = {"x"};
  const Table s = t.select(names);
  EXPECT_EQ(s.names(), (std::vector<std::string>{"id", "x"}));
  EXPECT_EQ(s.index_width(), 1u);
  EXPECT_THROW(t.column("nope"), dtask::ValueError);
}

TEST(Table, PrintsAsPandasPrintsAFrame) {
  Table t;
  t.add_column("name", Column::of(std::vector<std::string>{"a", "bb"}));
  t.add_column("x", Column::of(std::vector<double>{1.5, 2}));
  EXPECT_EQ(t.to_string(), "  name    x\n0    a  1.5\n1   bb  2.0\n");
  t.set_index_width(1);
  EXPECT_EQ(t.to_string(), "        x\nname     \na     1.5\nbb    2.0\n");
}

TEST(Table, PrintsTheHeadAndTailOfALongTable) {
  const std::string text = mixed_table(100).to_string(4);
  EXPECT_NE(text.find("..."), std::string::npos);
  EXPECT_NE(text.find("[100 rows x 4 columns]"), std::string::npos);
  EXPECT_NE(text.find("\n99 "), std::string::npos);
}

TEST(Table, RoundTripsThroughAValue) {
  const Table t = mixed_table(37);
  std::stringstream bytes;
  {
    boost::archive::binary_oarchive out(bytes);
    dtask::Value v(t);
    out << v;
  }
  boost::archive::binary_iarchive in(bytes);
  dtask::Value back;
  in >> back;
  EXPECT_EQ(back.get<Table>(), t);
  EXPECT_GT(back.nbytes(), 37u * (8 + 8 + 1));
}

TEST(RowHash, EqualKeysHashAlikeAcrossTables) {
  const Table a = mixed_table(50);
  const Table b = mixed_table(50).slice(15, 50);
  const std::vector<std::size_t> keys = {0, 1};
  const auto ha = dtask::hash_rows(a, keys), hb = dtask::hash_rows(b, keys);
  for (std::size_t i = 0; i < b.rows(); ++i) {
    EXPECT_EQ(hb[i], ha[i + 15]);
    EXPECT_TRUE(dtask::rows_equal(b, i, keys, a, i + 15, keys));
  }
  EXPECT_NE(ha[0], ha[1]);
  EXPECT_EQ(dtask::hash_bytes("A1B2C3D4E5F6G7"), dtask::hash_bytes(std::string("A1B2C3D4E5F6G7")));
  EXPECT_NE(dtask::hash_bytes("A1B2C3D4E5F6G7"), dtask::hash_bytes("A1B2C3D4E5F6G8"));
}

TEST(RowHash, HashesOfEveryColumnTypeMatchHashValueAndBlocksMatchTheWhole) {
  const Table t = mixed_table(40);  // id has nulls; name, x, flag do not
  for (std::size_t c = 0; c < t.width(); ++c) {
    const std::size_t one[] = {c};
    const auto whole = dtask::hash_rows(t, one);
    for (std::size_t r = 0; r < t.rows(); ++r) {
      EXPECT_EQ(whole[r], dtask::mix_hash(dtask::hash_value(t.column(c), r))) << t.names()[c];
    }
  }
  const std::vector<std::size_t> keys = {3, 0, 1};
  const auto whole = dtask::hash_rows(t, keys);
  std::vector<std::uint64_t> block(7);
  dtask::hash_rows(t, keys, 30, block);
  EXPECT_EQ(block, std::vector<std::uint64_t>(whole.begin() + 30, whole.begin() + 37));
}

TEST(Column, TakeOrNullGivesMissingRowsForNoRow) {
  const Table t = mixed_table(12);
  const std::vector<std::uint32_t> rows = {3, Column::no_row, 10, 0, Column::no_row};
  for (std::size_t c = 0; c < t.width(); ++c) {
    const Column& column = t.column(c);
    Column expected(column.type());
    for (std::uint32_t r : rows) {
      if (r == Column::no_row) expected.append_null(); else expected.append_from(column, r);
    }
    EXPECT_EQ(column.take_or_null(rows), expected) << t.names()[c];
  }
}

}  // namespace
