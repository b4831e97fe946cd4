#include <dtask/dataframe/merge.hpp>

#include <algorithm>

#include "merge_plans.hpp"

namespace dtask::dataframe {

DataFrame merge(const DataFrame& left, const DataFrame& right, const MergeOptions& options) {
  const ResolvedMerge resolved = resolve_merge(left.meta(), right.meta(), options);
  // A broadcast side must be one whose unmatched rows are dropped: the right for inner and left
  // joins, the left for inner and right joins; an outer join always shuffles.
  const bool right_small = right.npartitions() <= options.broadcast_partitions;
  const bool left_small = left.npartitions() <= options.broadcast_partitions;
  switch (options.how) {
    case How::inner:
      if (right_small && (!left_small || right.npartitions() <= left.npartitions())) {
        return broadcast_merge(left, right, false, resolved);
      }
      if (left_small) return broadcast_merge(right, left, true, resolved);
      break;
    case How::left:
      if (right_small) return broadcast_merge(left, right, false, resolved);
      break;
    case How::right:
      if (left_small) return broadcast_merge(right, left, true, resolved);
      break;
    case How::outer:
      break;
  }
  const std::int64_t npartitions = options.npartitions > 0
                                       ? options.npartitions
                                       : std::max(left.npartitions(), right.npartitions());
  return shuffle_merge(left, right, resolved, npartitions);
}

DataFrame DataFrame::merge(const DataFrame& right, const MergeOptions& options) const {
  return dataframe::merge(*this, right, options);
}

}  // namespace dtask::dataframe
