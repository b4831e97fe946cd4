// sorted_row_order: the permutation that sorts a table by some key columns without missing
// values, as pandas orders a groupby's result: ascending, strings bytewise, false before true,
// equal keys in row order.
//
//   const Table sorted = table.take(sorted_row_order(table, std::vector<std::size_t>{0}));
//
// Rows are stably sorted by each key column in turn, the last first, each radix sorted on an
// 8-byte image of its values that orders as they do (strings on their first 8 bytes, then ties
// settled on the next 8 or by whole comparisons).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <dtask/core/table.hpp>

namespace dtask::dataframe {

std::vector<std::uint32_t> sorted_row_order(const Table& table, std::span<const std::size_t> keys);

}  // namespace dtask::dataframe
