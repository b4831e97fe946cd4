#include "groupby_graph.hpp"

#include <algorithm>

#include "reduction_tree.hpp"

namespace dtask::dataframe {

namespace {

GroupPack groupby_partial(const Table& partition, const GroupPlan& plan) { return partial_aggregate(partition, plan); }

GroupPack groupby_combine(const std::vector<GroupPack>& packs, const GroupPlan& plan) {
  return combine_partials(packs, plan);
}

Table groupby_finalize(const std::vector<GroupPack>& packs, const GroupPlan& plan) {
  if (packs.size() == 1) return finalize_groups(packs.front(), plan);
  return finalize_groups(combine_partials(packs, plan), plan);
}

std::vector<GroupPack> groupby_split(const GroupPack& pack, const GroupPlan& plan, std::int64_t pieces) {
  return split_partial(pack, plan, pieces);
}

const Function& partial_function = register_function("dataframe.groupby_partial", &groupby_partial);
const Function& combine_function = register_function("dataframe.groupby_combine", &groupby_combine);
const Function& finalize_function = register_function("dataframe.groupby_finalize", &groupby_finalize);
const Function& split_function = register_function("dataframe.groupby_split", &groupby_split);

// The frame with only the columns plan reads, when its source can re-read fewer (read_csv
// then parses only those), as Dask's projection pushdown. Index columns are always kept.
DataFrame read_only_used(const DataFrame& frame, const GroupPlan& plan) {
  if (!frame.source()) return frame;
  std::vector<std::string> used;
  for (const std::string& c : frame.columns()) {
    const bool key = std::find(plan.keys.begin(), plan.keys.end(), c) != plan.keys.end();
    const bool read = std::any_of(plan.aggregations.begin(), plan.aggregations.end(),
                                  [&](const Aggregation& a) { return a.column == c; });
    if (key || read) used.push_back(c);
  }
  if (used.empty() || used.size() == frame.columns().size()) return frame;
  return frame[used];
}

}  // namespace

DataFrame aggregate_frame(const DataFrame& frame, const GroupPlan& plan, const GroupByOptions& options) {
  Schema meta = result_schema(frame.meta(), plan);
  TreeReduction tree;
  tree.partial = &partial_function;
  tree.combine = &combine_function;
  tree.finalize = &finalize_function;
  tree.split = &split_function;
  tree.extra = {Value(plan)};
  tree.split_every = options.split_every;
  tree.split_out = options.split_out;
  return tree_reduce(read_only_used(frame, plan), "groupby", tree, std::move(meta));
}

}  // namespace dtask::dataframe
