// Helpers of the Series tests: a table with nulls in every type (and NaN among the floats),
// partitionings that include empty partitions, and cell readers for naive reference loops.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <dtask/dataframe/series.hpp>

#include "frame_testing.hpp"

namespace dtask::dataframe::testing {

// mixed_table(rows) plus "k" int64 (no nulls, negatives), "y" float64 (missing every 7th row,
// NaN every 13th), "b" bool (missing every 5th) and "other" string (names shifted by one).
inline Table numbers_table(std::size_t rows) {
  Table t = mixed_table(rows);
  Column k(ColumnType::int64), y(ColumnType::float64), b(ColumnType::boolean),
      other(ColumnType::string);
  for (std::size_t r = 0; r < rows; ++r) {
    k.append_int64(static_cast<std::int64_t>(r * 37 % 23) - 11);
    if (r % 7 == 3)
      y.append_null();
    else
      y.append_float64(r % 13 == 12 ? std::nan("") : 1.25 * static_cast<double>(r % 9) - 4);
    if (r % 5 == 4)
      b.append_null();
    else
      b.append_bool(r % 2 == 0);
    other.append_string("key" + std::to_string((r + 1) % 5));
  }
  t.add_column("k", std::move(k));
  t.add_column("y", std::move(y));
  t.add_column("b", std::move(b));
  t.add_column("other", std::move(other));
  return t;
}

// Partition counts to try for a table of `rows` rows: one, a few ragged, more than rows.
inline std::vector<std::int64_t> partitionings(std::size_t rows) {
  return {1, 3, static_cast<std::int64_t>(rows) + 4};
}

// A cell as an optional number (nullopt when missing).
inline std::optional<double> number(const Column& c, std::size_t row) {
  if (!c.is_valid(row)) return std::nullopt;
  return c.number_at(row);
}

}  // namespace dtask::dataframe::testing
