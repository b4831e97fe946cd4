// Aggregation states of one aggregation, in flat columns indexed by group id: computed from an
// input column (partial), merged from state columns of several packs (combine), and turned
// into the result column (finalize). A value is present when valid and, for floats, not NaN:
// pandas skips both.
//
//   sum: [sum]   count, size: [n]   mean: [n, sum]   var, std: [n, mean, m2] (Chan's merge)
//   min, max, first, last: [value] (missing for a group without a present value)
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <dtask/core/column.hpp>
#include <dtask/dataframe/groupby.hpp>

#include "group_rows.hpp"

namespace dtask::dataframe {

// "sum", "mean", ...: default output names use them.
std::string_view aggregation_name(Agg agg);

// The result column's type for an input column of type input (TypeError when not defined).
ColumnType aggregated_type(Agg agg, ColumnType input);

// The state columns of one input column (values may be null for size: only rows count).
std::vector<Column> partial_states(Agg agg, const Column* values, const RowGroups& groups);
// The state columns of merged packs: states are the rows of every pack's state columns.
std::vector<Column> combined_states(Agg agg, const std::vector<const Column*>& states,
                                    const RowGroups& groups);
Column finalized_states(Agg agg, const std::vector<const Column*>& states, std::int64_t ddof);

// How many state columns agg keeps in a pack's group table (0 for nunique).
std::size_t state_width(Agg agg);

}  // namespace dtask::dataframe
