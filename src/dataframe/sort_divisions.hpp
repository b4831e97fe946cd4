// The divisions of a sort: npartitions - 1 values of the sort column that cut its rows into
// ranges of about equal size, found from a sample of every partition (computed eagerly on the
// default scheduler when sort_values or set_index is called, as Dask does). Output partition p
// then takes the rows with division[p - 1] <= value < division[p] (in the sort's direction), so
// equal values always share a partition; missing values go to the last one.
#pragma once

#include <cstdint>

#include <dtask/dataframe/dataframe.hpp>

#include <string>

namespace dtask::dataframe {

// Non-decreasing in the sort's direction; fewer than npartitions - 1 values (possibly none)
// when the column has few present values.
Column sort_divisions(const DataFrame& frame, const std::string& column, std::int64_t npartitions,
                      bool ascending);

// The output partition of row i of column (of the divisions' type).
std::size_t range_partition(const Column& divisions, const Column& column, std::size_t i,
                            bool ascending, std::size_t npartitions);

}  // namespace dtask::dataframe
