// Aggregation states of one aggregation, in flat columns indexed by group id: computed from an
// input column (partial), merged from state columns of several packs (combine), and turned
// into the result column (finalize). A value is present when valid and, for floats, not NaN:
// pandas skips both.
//
//   sum: [sum]   count, size: [n]   mean: [n, sum]   var, std: [n, mean, m2] (Chan's merge)
//   min, max, first, last: [value] (missing for a group without a present value)
#pragma once

#include <cstdint>
#include <span>
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

// The states of one aggregation, updated in place row by row (partial_states and
// combined_states are built on it): take() gives the states of every row added. For every
// aggregation but var, std and nunique, of numeric and bool columns (count and size of any).
// Rows may be added in several batches, groups numbered across them.
//
//   StateAccumulator means(Agg::mean, ColumnType::float64);
//   means.add(&values, groups.group_of_row, groups.size());
//   std::vector<Column> states = means.take(groups.size());   // [n, sum]
class StateAccumulator {
 public:
  static bool supports(Agg agg, ColumnType input) noexcept;
  StateAccumulator(Agg agg, ColumnType input);
  // Row r of values (null for size) goes to group group_of_row[r] (no_group: none); groups:
  // how many there are so far (every id is below it).
  void add(const Column* values, std::span<const std::uint32_t> group_of_row, std::size_t groups);
  // The state columns of `groups` groups; the accumulator starts again empty.
  std::vector<Column> take(std::size_t groups);

 private:
  void grow(std::size_t groups);

  Agg agg_;
  ColumnType input_;
  std::size_t groups_ = 0;
  std::vector<std::int64_t> counts_;    // count, size, mean
  std::vector<double> reals_;           // mean's sums; sum, min, max, first, last of floats
  std::vector<std::int64_t> integers_;  // sum, min, max, first, last of int64s and bools
  std::vector<std::uint8_t> present_;   // min, max, first, last: a value was seen
};

}  // namespace dtask::dataframe
