// Tables and vectors of tables through their raw form, in one process: the description and the
// parts make a new table with the same bits (compared buffer by buffer, not with the code under
// test), for every column type, with and without nulls, zero rows, zero columns, an index of two
// columns, odd names; the parts are the table's own buffers.
#include <gtest/gtest.h>

#include <dtask/core/error.hpp>
#include <dtask/core/table.hpp>
#include <dtask/core/value.hpp>
#include <set>

#include "raw_testing.hpp"
#include "table_testing.hpp"

namespace {

using dtask::Column;
using dtask::ColumnType;
using dtask::Table;
using dtask::Value;
using dtask_test::expect_same_bits;
using dtask_test::odd_table;
using dtask_test::raw_round_trip;

Table round_trip(const Table& t) { return raw_round_trip(Value(t)).get<Table>(); }

TEST(TableRawForm, EveryColumnTypeWithAndWithoutNullsComesBackBitForBit) {
  const Table t = odd_table(1000, 7);
  ASSERT_TRUE(t.column("ints").has_nulls());
  ASSERT_FALSE(t.column("key with spaces").has_nulls());
  const Table back = round_trip(t);
  expect_same_bits(back, t);
  EXPECT_EQ(back, t);
  EXPECT_EQ(Value(back).nbytes(), t.nbytes());
}

TEST(TableRawForm, ZeroRowsAndZeroColumns) {
  expect_same_bits(round_trip(odd_table(0, 1)), odd_table(0, 1));
  expect_same_bits(round_trip(Table()), Table());
  // Rows without columns: a take of a table with no columns.
  const std::vector<std::uint32_t> rows{0, 0, 0};
  const Table no_columns = Table().take(rows);
  ASSERT_EQ(no_columns.rows(), 3u);
  EXPECT_EQ(round_trip(no_columns).rows(), 3u);
  // Columns of every type, all empty.
  const Table empty(dtask::Schema{
      {"i", "f", "b", "s"},
      {ColumnType::int64, ColumnType::float64, ColumnType::boolean, ColumnType::string},
      1});
  EXPECT_EQ(Value(empty).raw_form().parts.size(), 1u) << "only the string offsets {0}";
  expect_same_bits(round_trip(empty), empty);
}

TEST(TableRawForm, KeepsAnIndexOfTwoColumnsAndOddNames) {
  const Table t = odd_table(37, 3, 2);
  const Table back = round_trip(t);
  EXPECT_EQ(back.index_width(), 2u);
  EXPECT_EQ(back.names()[1], "n\xc3\xbcmber \xff");
  expect_same_bits(back, t);
}

TEST(TableRawForm, PartsAreTheColumnsOwnBuffers) {
  const Table t = odd_table(100, 5);
  std::set<const void*> buffers;
  std::size_t bytes = 0;
  auto add = [&](const void* data, std::size_t size) {
    if (size == 0) return;
    buffers.insert(data);
    bytes += size;
  };
  for (std::size_t i = 0; i < t.width(); ++i) {
    const Column& c = t.column(i);
    add(c.validity().data(), c.validity().size());
    switch (c.type()) {
      case ColumnType::int64:
        add(c.int64s().data(), c.int64s().size_bytes());
        break;
      case ColumnType::float64:
        add(c.float64s().data(), c.float64s().size_bytes());
        break;
      case ColumnType::boolean:
        add(c.bools().data(), c.bools().size_bytes());
        break;
      case ColumnType::string:
        add(c.string_offsets().data(), c.string_offsets().size_bytes());
        add(c.string_bytes().data(), c.string_bytes().size());
        break;
    }
  }
  const Value v(t);
  const dtask::RawForm form = v.raw_form();
  std::set<const void*> parts;
  for (const auto& part : form.parts) parts.insert(part.data());
  EXPECT_EQ(parts.size(), form.parts.size()) << "no buffer twice";
  EXPECT_EQ(parts, buffers) << "the table's buffers shared with the value, no staging copy";
  EXPECT_EQ(dtask::raw_bytes(form.parts), bytes);
}

TEST(TableRawForm, VectorsOfZeroOneAndThreeTablesOfDifferentSchemas) {
  using Tables = std::vector<Table>;
  EXPECT_TRUE(raw_round_trip(Value(Tables{})).get<Tables>().empty());

  const Tables one{odd_table(10, 2)};
  const Value one_back = raw_round_trip(Value(one));
  const Tables& back_one = one_back.get<Tables>();
  ASSERT_EQ(back_one.size(), 1u);
  expect_same_bits(back_one[0], one[0]);

  Table floats;
  floats.add_column("x", Column::of(std::vector<double>{1.0, 2.5}));
  const Tables three{odd_table(200, 9, 1), floats, Table()};
  const Value three_back = raw_round_trip(Value(three));
  const Tables& back = three_back.get<Tables>();
  ASSERT_EQ(back.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    expect_same_bits(back[i], three[i]);
  }
}

TEST(TableRawForm, AMalformedDescriptionIsAValueError) {
  const Value v(odd_table(4, 1));
  const std::string description = v.raw_form().description;
  std::vector<std::span<std::byte>> parts;
  EXPECT_THROW(
      Value::from_raw(v.type(), std::string_view(description).substr(0, description.size() - 3),
                      parts),
      dtask::ValueError);
  // The first column's type: after the width, index width and rows, and the first name.
  std::string bad_type = description;
  bad_type[3 * 8 + 8 + v.get<Table>().names()[0].size()] = 9;
  EXPECT_THROW(Value::from_raw(v.type(), bad_type, parts), dtask::ValueError);
}

}  // namespace
