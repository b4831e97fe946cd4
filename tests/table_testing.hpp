// odd_table: a table of every column type, with and without nulls, NaN of two payloads and -0.0,
// empty and non-ASCII strings, names with spaces and bytes that are not ASCII; the same table for
// the same arguments. expect_same_bits: two tables equal to the last bit of every buffer
// (Table's == treats NaN as equal to NaN and skips the values under nulls).
#pragma once

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <dtask/core/table.hpp>
#include <limits>
#include <string>

namespace dtask_test {

inline dtask::Table odd_table(std::size_t rows, std::uint64_t seed, std::size_t index_width = 0) {
  using dtask::Column;
  using dtask::ColumnType;
  Column ints(ColumnType::int64), floats(ColumnType::float64), bools(ColumnType::boolean),
      strings(ColumnType::string);
  Column dense_ints(ColumnType::int64), dense_strings(ColumnType::string);
  const double quiet_nan = std::numeric_limits<double>::quiet_NaN();
  const double other_nan = std::bit_cast<double>(std::uint64_t{0x7ff8'0000'dead'beefULL});
  const std::string texts[] = {"",
                               "plain",
                               "caf\xc3\xa9 \xe2\x82\xac",
                               std::string("nul\0inside", 10),
                               "\xff\xfe raw",
                               std::string(40, 'x')};
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint64_t x = (r + 1) * 0x9e37'79b9'7f4a'7c15ULL ^ seed;
    const bool null = x % 5 == 0;
    if (null)
      ints.append_null();
    else
      ints.append_int64(static_cast<std::int64_t>(x));
    if (x % 7 == 1)
      floats.append_null();
    else
      floats.append_float64(x % 3 == 0   ? quiet_nan
                            : x % 3 == 1 ? other_nan
                                         : (x % 2 ? -0.0 : static_cast<double>(x % 1000) / 8));
    if (x % 4 == 2)
      bools.append_null();
    else
      bools.append_bool(x % 2 == 1);
    if (null)
      strings.append_null();
    else
      strings.append_string(texts[x % 6]);
    dense_ints.append_int64(-static_cast<std::int64_t>(r));
    dense_strings.append_string(texts[(x >> 7) % 6]);
  }
  dtask::Table t;
  t.add_column("key with spaces", std::move(dense_strings));
  t.add_column("n\xc3\xbcmber \xff", std::move(dense_ints));
  t.add_column("ints", std::move(ints));
  t.add_column("floats", std::move(floats));
  t.add_column("bools", std::move(bools));
  t.add_column("strings", std::move(strings));
  t.set_index_width(index_width);
  return t;
}

template <class T>
void expect_same_bytes(std::span<const T> a, std::span<const T> b, const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size_bytes()), 0) << what;
}

inline void expect_same_bits(const dtask::Table& a, const dtask::Table& b) {
  ASSERT_EQ(a.names(), b.names());
  EXPECT_EQ(a.index_width(), b.index_width());
  EXPECT_EQ(a.rows(), b.rows());
  for (std::size_t i = 0; i < a.width(); ++i) {
    const dtask::Column &x = a.column(i), &y = b.column(i);
    const std::string& name = a.names()[i];
    ASSERT_EQ(x.type(), y.type()) << name;
    ASSERT_EQ(x.size(), y.size()) << name;
    EXPECT_EQ(x.validity(), y.validity()) << name;
    switch (x.type()) {
      case dtask::ColumnType::int64:
        expect_same_bytes(x.int64s(), y.int64s(), name);
        break;
      case dtask::ColumnType::float64:
        expect_same_bytes(x.float64s(), y.float64s(), name);
        break;
      case dtask::ColumnType::boolean:
        expect_same_bytes(x.bools(), y.bools(), name);
        break;
      case dtask::ColumnType::string:
        expect_same_bytes(x.string_offsets(), y.string_offsets(), name);
        EXPECT_EQ(x.string_bytes(), y.string_bytes()) << name;
        break;
    }
  }
}

}  // namespace dtask_test
