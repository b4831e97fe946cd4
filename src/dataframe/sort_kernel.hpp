// The kernels of sort_values and set_index on one table: the order of rows by some columns
// (stable, missing values and NaN last in either direction, as pandas' na_position="last"), and
// the comparison of one value with another of the same type in that order.
//
//   std::vector<std::uint32_t> order = sorted_order(table, {table.position("x")}, true);
//   Table sorted = table.take(order);
#pragma once

#include <cstdint>

#include <dtask/core/table.hpp>

#include <span>
#include <vector>

namespace dtask::dataframe {

// Whether row i of a column is missing for sorting: invalid, or a NaN float.
bool sorts_as_missing(const Column& column, std::size_t i);

// < 0, 0 or > 0 as row i of a comes before, ties with or comes after row j of b (same type),
// in ascending or descending order; missing rows come after every value either way.
int compare_rows(const Column& a, std::size_t i, const Column& b, std::size_t j, bool ascending);

// The rows of table ordered by the columns at these positions, ties in row order.
std::vector<std::uint32_t> sorted_order(const Table& table, std::span<const std::size_t> by,
                                        bool ascending);

}  // namespace dtask::dataframe
