// DataFrame::drop_duplicates: a tree reduction whose packs are the first occurrences of every
// distinct subset value, in row order (partition order, then row order within a partition); the
// result is one partition in that order, as pandas keeps the original order. Missing values
// equal each other, as in pandas.
#include <dtask/dataframe/dataframe.hpp>

#include "group_rows.hpp"
#include "reduction_tree.hpp"

namespace dtask::dataframe {

namespace {

Table first_occurrences(const Table& table, const std::vector<std::string>& subset) {
  std::vector<std::size_t> keys;
  for (const std::string& name : subset) keys.push_back(table.position(name));
  return table.take(group_rows(table, keys, NullKeys::group).first_row);
}

std::vector<Table> distinct_partial(const Table& partition, const std::vector<std::string>& subset) {
  return {first_occurrences(partition, subset)};
}

std::vector<Table> distinct_combine(const std::vector<std::vector<Table>>& packs, const std::vector<std::string>& subset) {
  return {first_occurrences(concat_packs(packs, 0), subset)};
}

Table distinct_finalize(const std::vector<std::vector<Table>>& packs, const std::vector<std::string>& subset) {
  return first_occurrences(concat_packs(packs, 0), subset);
}

const Function& partial_function = register_function("dataframe.distinct_partial", &distinct_partial);
const Function& combine_function = register_function("dataframe.distinct_combine", &distinct_combine);
const Function& finalize_function = register_function("dataframe.distinct_finalize", &distinct_finalize);

}  // namespace

DataFrame DataFrame::drop_duplicates(const std::vector<std::string>& subset) const {
  std::vector<std::string> keys = subset.empty() ? columns() : subset;
  for (const std::string& k : keys) meta_.position(k);  // ValueError naming the columns
  if (keys.empty()) DTASK_THROW(ValueError, "drop_duplicates of a frame without value columns");
  TreeReduction tree;
  tree.partial = &partial_function;
  tree.combine = &combine_function;
  tree.finalize = &finalize_function;
  tree.extra = {Value(keys)};
  return tree_reduce(*this, "drop_duplicates", tree, meta_);
}

}  // namespace dtask::dataframe
