// merge: chooses the plan (a broadcast of a small side or a shuffle of both) and gives the result
// a source, so that selecting its columns re-plans it with only the input columns they need.
#include <dtask/dataframe/merge.hpp>

#include <algorithm>
#include <memory>

#include "merge_plans.hpp"

namespace dtask::dataframe {

namespace {

// The graph of the merge (a broadcast or a shuffle), without a source.
DataFrame planned_merge(const DataFrame& left, const DataFrame& right, const MergeOptions& options) {
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

// frame with only the value columns marked used (by position in its schema).
DataFrame only_used(const DataFrame& frame, const std::vector<bool>& used) {
  std::vector<std::string> names;
  for (std::size_t i = frame.meta().index_width; i < used.size(); ++i) {
    if (used[i]) names.push_back(frame.meta().names[i]);
  }
  return names.size() == frame.columns().size() ? frame : frame[names];
}

// A merge's result re-planned for some of its columns: each side keeps its keys and the columns
// they come from, so that a later projection (a groupby's) reaches read_csv through the merge.
class MergeSource : public ColumnSource {
 public:
  MergeSource(DataFrame left, DataFrame right, MergeOptions options)
      : left_(std::move(left)), right_(std::move(right)), options_(std::move(options)) {}

  DataFrame with_columns(const std::vector<std::string>& columns) const override {
    const Schema& l = left_.meta();
    const Schema& r = right_.meta();
    const ResolvedMerge resolved = resolve_merge(l, r, options_);
    std::vector<bool> left_used(l.size()), right_used(r.size());
    for (std::size_t k : resolved.spec.left_keys) left_used[k] = true;
    for (std::size_t k : resolved.spec.right_keys) right_used[k] = true;
    for (const std::string& name : columns) {
      const JoinColumn& c = *std::find_if(resolved.spec.columns.begin(), resolved.spec.columns.end(),
                                          [&](const JoinColumn& j) { return j.name == name; });
      if (c.left >= 0) left_used[static_cast<std::size_t>(c.left)] = true;
      if (c.right >= 0) right_used[static_cast<std::size_t>(c.right)] = true;
      // A name suffixed for being on both sides keeps its namesake there, or would lose the suffix.
      if (c.right < 0 && name != l.names[static_cast<std::size_t>(c.left)])
        right_used[r.position(l.names[static_cast<std::size_t>(c.left)])] = true;
      if (c.left < 0 && name != r.names[static_cast<std::size_t>(c.right)])
        left_used[l.position(r.names[static_cast<std::size_t>(c.right)])] = true;
    }
    MergeOptions keyed = options_;  // the keys as resolved: a default `on` could change
    keyed.on.clear();
    keyed.left_on = resolved.left_on;
    keyed.right_on = resolved.right_on;
    const DataFrame merged = planned_merge(only_used(left_, left_used), only_used(right_, right_used), keyed);
    return merged.columns() == columns ? merged : merged[columns];
  }

 private:
  DataFrame left_, right_;
  MergeOptions options_;
};

}  // namespace

DataFrame merge(const DataFrame& left, const DataFrame& right, const MergeOptions& options) {
  const DataFrame merged = planned_merge(left, right, options);
  return DataFrame(merged.graph(), merged.name(), merged.meta(), merged.npartitions(),
                   std::make_shared<MergeSource>(left, right, options));
}

DataFrame DataFrame::merge(const DataFrame& right, const MergeOptions& options) const {
  return dataframe::merge(*this, right, options);
}

}  // namespace dtask::dataframe
