// The two task graphs of merge (merge.cpp chooses): a broadcast of a small side to every
// partition of the other, and a hash shuffle of both sides.
#pragma once

#include "merge_spec.hpp"

namespace dtask::dataframe {

// small (all its partitions concatenated once) joins every partition of big; the result has
// big's partitions, each in big's row order with its matches in small's row order. small must
// not be a side whose unmatched rows are kept (they would appear once per partition of big).
DataFrame broadcast_merge(const DataFrame& big, const DataFrame& small, bool small_is_left,
                          const ResolvedMerge& merge);

// Both sides hash-shuffled on their keys into npartitions; partition j joins piece j of each.
DataFrame shuffle_merge(const DataFrame& left, const DataFrame& right, const ResolvedMerge& merge,
                        std::int64_t npartitions);

}  // namespace dtask::dataframe
