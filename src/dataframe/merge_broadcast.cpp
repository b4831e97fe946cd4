#include <algorithm>

#include "exchange.hpp"
#include "merge_plans.hpp"

namespace dtask::dataframe {

namespace {

// The small side is the hash table; the big partition probes it, keeping its row order.
Table broadcast_join(const Table& big, const Table& small, const JoinSpec& spec, bool small_is_left) {
  return small_is_left ? hash_join(small, big, spec, BuildSide::left)
                       : hash_join(big, small, spec, BuildSide::right);
}

const Function& broadcast_join_function = register_function("dataframe.broadcast_join", &broadcast_join);

LayerPtrs tops_of(const std::vector<const DataFrame*>& frames) {
  LayerPtrs out;
  for (const DataFrame* f : frames) {
    for (const LayerPtr& top : f->graph().tops()) {
      if (std::find(out.begin(), out.end(), top) == out.end()) out.push_back(top);
    }
  }
  return out;
}

}  // namespace

DataFrame broadcast_merge(const DataFrame& big, const DataFrame& small, bool small_is_left,
                          const ResolvedMerge& merge) {
  LayerPtrs dependencies = tops_of({&big});
  // One table of the small side, made once by one task; each join task reads it from wherever
  // that ran.
  Key small_key = small.key(0);
  if (small.npartitions() > 1) {
    const std::string concat_name = unique_name("broadcast_concat");
    small_key = Key(concat_name, {0});
    Layer::Tasks concat;
    const std::vector<Key> keys = small.keys();
    KeyList parts(keys.begin(), keys.end());
    concat.emplace_back(small_key, Task(concat_function(), {std::move(parts)}));
    dependencies.push_back(std::make_shared<const Layer>(concat_name, std::move(concat), tops_of({&small})));
  } else {
    for (const LayerPtr& top : small.graph().tops()) {
      if (std::find(dependencies.begin(), dependencies.end(), top) == dependencies.end()) dependencies.push_back(top);
    }
  }
  const std::string name = unique_name("merge");
  Layer::Tasks tasks;
  for (std::int64_t i = 0; i < big.npartitions(); ++i) {
    tasks.emplace_back(Key(name, {static_cast<std::int32_t>(i)}),
                       Task(broadcast_join_function, {big.key(i), small_key, Value(merge.spec), Value(small_is_left)}));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), std::move(dependencies));
  return DataFrame(Graph(std::move(layer)), name, merge.schema, big.npartitions());
}

}  // namespace dtask::dataframe
