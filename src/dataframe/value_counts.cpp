// Series::value_counts and Series::nunique: a groupby on the Series' own values (missing values
// dropped, as pandas' dropna=True). value_counts orders the counts descending; equal counts
// stay in ascending order of value (pandas leaves ties to its sort, this order is repeatable).
#include <dtask/dataframe/series.hpp>

#include <algorithm>
#include <numeric>

#include <dtask/core/function.hpp>

#include "groupby_graph.hpp"

namespace dtask::dataframe {

namespace {

// The groupby's result (sorted by value) ordered by count, most frequent first.
Table by_count_descending(const Table& counts) {
  const std::span<const std::int64_t> n = counts.column("count").int64s();
  std::vector<std::uint32_t> order(n.size());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return n[a] > n[b]; });
  return counts.take(order);
}

std::int64_t row_count(const Table& table) { return static_cast<std::int64_t>(table.rows()); }

const Function& by_count_function = register_function("dataframe.by_count_descending", &by_count_descending);
const Function& row_count_function = register_function("dataframe.row_count", &row_count);

}  // namespace

Series Series::value_counts() const {
  const GroupPlan plan{{name()}, {{"", Agg::size, "count"}}, 1, true};
  const DataFrame counts = aggregate_frame(frame_, plan, {});
  return Series(make_frame("value_counts", counts.meta(), 1, {counts}, [&](std::int64_t) {
    return Task(by_count_function, {counts.key(0)});
  }));
}

Delayed<std::int64_t> Series::nunique() const {
  const GroupPlan plan{{name()}, {}, 1, false};
  const DataFrame distinct = aggregate_frame(frame_, plan, {});
  const std::string layer_name = unique_name("nunique");
  Key key(layer_name, {0});
  Layer::Tasks tasks;
  tasks.emplace_back(key, Task(row_count_function, {distinct.key(0)}));
  LayerPtrs dependencies(distinct.graph().tops().begin(), distinct.graph().tops().end());
  return Delayed<std::int64_t>(std::move(key), Graph(std::make_shared<const Layer>(layer_name, std::move(tasks), std::move(dependencies))));
}

}  // namespace dtask::dataframe
