// group_rows: the hash-grouping kernel of groupby, drop_duplicates, value_counts and nunique.
// Every row of a table gets the id of its group (the distinct values of some key columns), ids
// numbered in order of first appearance, so that aggregation states live in flat vectors
// indexed by group id and the first row of each group gives its key.
//
//   const RowGroups groups = group_rows(table, std::vector<std::size_t>{0}, NullKeys::drop);
//   for (std::size_t r = 0; r < table.rows(); ++r)
//     if (groups.group_of_row[r] != no_group) ++sizes[groups.group_of_row[r]];
//
// An open-addressing table of 32-byte slots (hash, group id, the key's first 16 bytes) keyed on
// one int64 or string column compares keys inside the slot, with no per-row allocation; other
// keys (several columns, floats, bools, missing keys kept as a group) compare rows of the table.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <dtask/core/table.hpp>

namespace dtask::dataframe {

inline constexpr std::uint32_t no_group = 0xffffffffU;

// Rows with a missing key (or a NaN float key): dropped, as pandas' groupby(dropna=True), or a
// group of their own, as drop_duplicates keeps them.
enum class NullKeys { drop, group };

struct RowGroups {
  std::vector<std::uint32_t> group_of_row;  // no_group for a dropped row
  std::vector<std::uint32_t> first_row;     // of every group, in order of first appearance
  std::size_t size() const noexcept { return first_row.size(); }
};

RowGroups group_rows(const Table& table, std::span<const std::size_t> keys, NullKeys nulls);

}  // namespace dtask::dataframe
