// The graph of a groupby: tree_reduce with groupby's partial, combine, finalize and split tasks.
//
//   DataFrame means = aggregate_frame(frame, GroupPlan{{"k"}, {{"x", Agg::mean, "x"}}}, {});
#pragma once

#include <dtask/dataframe/dataframe.hpp>
#include <dtask/dataframe/groupby.hpp>

#include "groupby_aggregate.hpp"

namespace dtask::dataframe {

// Checks plan against the frame's schema (ValueError, TypeError) before building anything.
DataFrame aggregate_frame(const DataFrame& frame, const GroupPlan& plan, const GroupByOptions& options);

}  // namespace dtask::dataframe
