// Tree reductions over the partitions of a frame (private to src/dataframe): one partial task
// per partition, then levels that each combine split_every consecutive results in partition
// order (never in arrival order: the same bits on any number of ranks), then one final task.
//
//   auto top = partition_tree("sum", frame, partial, {Value(true)}, combine);
//   auto total = finish_tree<double>("sum", top, statistic, {Value(code)});
#pragma once

#include <cstddef>
#include <string>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/dataframe.hpp>
#include <dtask/delayed.hpp>

namespace dtask::dataframe::detail {

inline constexpr std::size_t split_every = 8;

struct TreeTop {
  Graph graph;
  Key key;
};

// partial(partition, extra...) per partition, combined by combine(const std::vector<P>&).
TreeTop partition_tree(const std::string& prefix, const DataFrame& frame, const Function& partial,
                       const Task::Args& extra, const Function& combine);

// One task finish(top, extra...) after the tree: its result is the reduction's value.
TreeTop finish_tree(const std::string& prefix, const TreeTop& top, const Function& finish,
                    const Task::Args& extra);

template <class T>
Delayed<T> as_delayed(TreeTop top) {
  return Delayed<T>(std::move(top.key), std::move(top.graph));
}

}  // namespace dtask::dataframe::detail
