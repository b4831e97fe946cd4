#include <dtask/dataframe/groupby.hpp>

#include <algorithm>
#include <map>

#include "groupby_graph.hpp"
#include "groupby_states.hpp"

namespace dtask::dataframe {

GroupBy::GroupBy(DataFrame frame, std::vector<std::string> keys, GroupByOptions options)
    : frame_(std::move(frame)), keys_(std::move(keys)), options_(options) {
  if (keys_.empty()) DTASK_THROW(ValueError, "groupby needs at least one key column");
  for (const std::string& k : keys_) frame_.meta().position(k);  // ValueError naming the columns
}

GroupBy GroupBy::operator[](const std::string& column) const { return (*this)[std::vector<std::string>{column}]; }

GroupBy GroupBy::operator[](const std::vector<std::string>& columns) const {
  for (const std::string& c : columns) frame_.meta().position(c);
  GroupBy out = *this;
  out.selected_ = columns;
  return out;
}

GroupBy GroupBy::with_options(const GroupByOptions& options) const {
  GroupBy out = *this;
  out.options_ = options;
  return out;
}

DataFrame GroupBy::agg(Agg agg) const {
  // size counts rows: one column, whatever is selected.
  if (agg == Agg::size) return this->agg(std::vector<Aggregation>{{"", Agg::size, "size"}});
  std::vector<std::string> columns = selected_;
  if (columns.empty()) {
    for (const std::string& c : frame_.columns()) {
      if (std::find(keys_.begin(), keys_.end(), c) == keys_.end()) columns.push_back(c);
    }
  }
  std::vector<Aggregation> aggregations;
  for (const std::string& c : columns) aggregations.push_back({c, agg});
  return this->agg(aggregations);
}

DataFrame GroupBy::agg(const std::vector<Aggregation>& aggregations) const {
  std::map<std::string, int> uses;
  for (const Aggregation& a : aggregations) ++uses[a.column];
  GroupPlan plan{keys_, aggregations, options_.ddof, options_.sort};
  for (Aggregation& a : plan.aggregations) {
    if (!a.name.empty()) continue;
    if (a.column.empty()) a.name = std::string(aggregation_name(a.agg));
    else if (uses[a.column] == 1) a.name = a.column;
    else a.name = a.column + "_" + std::string(aggregation_name(a.agg));
  }
  return aggregate_frame(frame_, plan, options_);
}

GroupBy DataFrame::groupby(const std::string& key) const { return GroupBy(*this, {key}); }

GroupBy DataFrame::groupby(const std::vector<std::string>& keys) const { return GroupBy(*this, keys); }

GroupBy DataFrame::groupby(std::initializer_list<std::string> keys) const { return GroupBy(*this, keys); }

}  // namespace dtask::dataframe
