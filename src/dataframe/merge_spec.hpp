// What a merge's options mean for two schemas, checked when the graph is built: the key columns
// of each side (same count, pairwise of one type), and the output columns in pandas' order (the
// left's value columns, then the right's that are not a key of the same name), overlapping
// names suffixed. Index columns take no part: pandas' column merge drops the index too.
#pragma once

#include <string>
#include <vector>

#include "hash_join.hpp"

namespace dtask::dataframe {

struct ResolvedMerge {
  std::vector<std::string> left_on, right_on;
  JoinSpec spec;
  Schema schema;  // of the output (no index)
};

// Throws ValueError for unknown or index key columns (naming the columns there are), keys of
// different types (naming both and their types) and inconsistent on/left_on/right_on.
ResolvedMerge resolve_merge(const Schema& left, const Schema& right, const MergeOptions& options);

}  // namespace dtask::dataframe
