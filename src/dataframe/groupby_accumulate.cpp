#include "groupby_accumulate.hpp"

#include <algorithm>

namespace dtask::dataframe {

bool GroupAccumulator::supports(const GroupPlan& plan, const Schema& input) {
  if (plan.keys.size() != 1 || !GroupDictionary::supports(input.type_of(plan.keys[0]))) return false;
  return std::all_of(plan.aggregations.begin(), plan.aggregations.end(), [&](const Aggregation& a) {
    return a.agg == Agg::size || StateAccumulator::supports(a.agg, input.type_of(a.column));
  });
}

GroupAccumulator::GroupAccumulator(const GroupPlan& plan, const Schema& input)
    : plan_(plan), key_(input.position(plan.keys.at(0))), groups_(input.types[key_]) {
  for (const Aggregation& a : plan.aggregations) {
    values_.push_back(a.agg == Agg::size ? rows_only : input.position(a.column));
    states_.emplace_back(a.agg, a.agg == Agg::size ? ColumnType::int64 : input.types[values_.back()]);
  }
}

void GroupAccumulator::add(std::span<const Column* const> columns, std::size_t expected_rows) {
  groups_.assign(*columns[key_], group_of_row_, expected_rows);
  for (std::size_t i = 0; i < states_.size(); ++i) {
    states_[i].add(values_[i] == rows_only ? nullptr : columns[values_[i]], group_of_row_, groups_.size());
  }
}

GroupPack GroupAccumulator::finish() {
  const std::size_t groups = groups_.size();
  Table table;
  table.add_column(plan_.keys[0], groups_.take_keys());
  for (std::size_t i = 0; i < states_.size(); ++i) {
    std::vector<Column> states = states_[i].take(groups);
    for (std::size_t s = 0; s < states.size(); ++s) table.add_column(state_name(i, s), std::move(states[s]));
  }
  return {std::move(table)};
}

}  // namespace dtask::dataframe
