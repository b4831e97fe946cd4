#include "exchange.hpp"
#include "merge_plans.hpp"

namespace dtask::dataframe {

namespace {

// The small side is the hash table; the big partition probes it, keeping its row order.
Table broadcast_join(const Table& big, const Table& small, const JoinSpec& spec,
                     bool small_is_left) {
  return small_is_left ? hash_join(small, big, spec, BuildSide::left)
                       : hash_join(big, small, spec, BuildSide::right);
}

const Function& broadcast_join_function =
    register_function("dataframe.broadcast_join", &broadcast_join);

}  // namespace

DataFrame broadcast_merge(const DataFrame& big, const DataFrame& small, bool small_is_left,
                          const ResolvedMerge& merge) {
  // One table of the small side, made once by one task; each join task reads it from wherever
  // that ran.
  DataFrame whole = small;
  if (small.npartitions() > 1) {
    const std::vector<Key> keys = small.keys();
    whole = make_frame("broadcast_concat", small.meta(), 1, {small}, [&](std::int64_t) {
      return Task(concat_function(), {KeyList(keys.begin(), keys.end())});
    });
  }
  return make_frame("merge", merge.schema, big.npartitions(), {big, whole}, [&](std::int64_t i) {
    return Task(broadcast_join_function,
                {big.key(i), whole.key(0), Value(merge.spec), Value(small_is_left)});
  });
}

}  // namespace dtask::dataframe
