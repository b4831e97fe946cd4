// The partial tasks of a groupby over a read_csv frame, each reading its byte range itself and
// aggregating it batch by batch (groupby_csv.cpp), for TreeReduction::partial_task.
#pragma once

#include <cstdint>
#include <functional>

#include <dtask/core/task.hpp>
#include <dtask/dataframe/dataframe.hpp>

#include "csv_source.hpp"
#include "groupby_aggregate.hpp"

namespace dtask::dataframe {

// Empty when frame is not read_csv's (or a selection of it) or plan needs whole partitions
// (GroupAccumulator::supports).
std::function<Task(std::int64_t partition)> csv_partial_tasks(const DataFrame& frame, const GroupPlan& plan);

}  // namespace dtask::dataframe
