#include "groupby_aggregate.hpp"

#include <numeric>

#include <dtask/dataframe/shuffle.hpp>

#include "group_rows.hpp"
#include "groupby_states.hpp"
#include "reduction_tree.hpp"
#include "row_order.hpp"

namespace dtask::dataframe {

namespace {

std::vector<std::size_t> first_positions(std::size_t n) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t{0});
  return p;
}

std::vector<std::size_t> key_positions(const Table& table, const GroupPlan& plan) {
  std::vector<std::size_t> p;
  for (const std::string& k : plan.keys) p.push_back(table.position(k));
  return p;
}

// A table of the listed columns of table, at the groups' first rows.
Table first_rows(const Table& table, std::span<const std::size_t> columns, const RowGroups& groups) {
  Table out;
  for (std::size_t c : columns) out.add_column(table.names()[c], table.column(c).take(groups.first_row));
  return out;
}

// The distinct rows of table (every column a key), first occurrences in order.
Table distinct_rows(const Table& table) {
  const std::vector<std::size_t> all = first_positions(table.width());
  return first_rows(table, all, group_rows(table, all, NullKeys::drop));
}

std::string state_name(std::size_t aggregation, std::size_t part) {
  return std::to_string(aggregation) + "." + std::to_string(part);
}

bool is_numeric_aggregation(Agg agg) {
  return agg == Agg::sum || agg == Agg::mean || agg == Agg::var || agg == Agg::std;
}

// Distinct (keys, value) pairs per group of groups: the number of pairs whose keys are a row of
// groups. The group rows go first, so that group ids are their row numbers.
Column count_distinct_per_group(const Table& groups, const Table& pairs, std::size_t nkeys) {
  const std::vector<std::size_t> keys = first_positions(nkeys);
  std::vector<std::string> key_names(groups.names().begin(), groups.names().begin() + static_cast<std::ptrdiff_t>(nkeys));
  const Table group_keys = groups.select(key_names);
  const Table pair_keys = pairs.select(key_names);
  const Table* parts[] = {&group_keys, &pair_keys};
  const Table both = Table::concat(parts);
  const RowGroups ids = group_rows(both, keys, NullKeys::drop);
  std::vector<std::int64_t> counts(groups.rows(), 0);
  for (std::size_t r = groups.rows(); r < both.rows(); ++r) ++counts[ids.group_of_row[r]];
  return Column::of(std::move(counts));
}

}  // namespace

std::string_view aggregation_name(Agg agg) {
  switch (agg) {
    case Agg::sum: return "sum";
    case Agg::mean: return "mean";
    case Agg::count: return "count";
    case Agg::size: return "size";
    case Agg::min: return "min";
    case Agg::max: return "max";
    case Agg::var: return "var";
    case Agg::std: return "std";
    case Agg::first: return "first";
    case Agg::last: return "last";
    case Agg::nunique: return "nunique";
  }
  return "?";
}

Schema result_schema(const Schema& input, const GroupPlan& plan) {
  if (plan.keys.empty()) DTASK_THROW(ValueError, "groupby needs at least one key column");
  Schema out;
  for (const std::string& k : plan.keys) {
    out.names.push_back(k);
    out.types.push_back(input.type_of(k));  // ValueError naming the columns for an unknown key
  }
  out.index_width = plan.keys.size();
  for (const Aggregation& a : plan.aggregations) {
    ColumnType type = ColumnType::int64;
    if (a.agg != Agg::size || !a.column.empty()) type = input.type_of(a.column);
    if (is_numeric_aggregation(a.agg) && type == ColumnType::string) {
      DTASK_THROW(TypeError, "groupby " + std::string(aggregation_name(a.agg)) + " of the string column '" +
                                 a.column + "': only numeric and bool columns have one");
    }
    for (const std::string& name : out.names) {
      if (name == a.name) DTASK_THROW(ValueError, "groupby output column '" + a.name + "' appears twice");
    }
    out.names.push_back(a.name);
    out.types.push_back(aggregated_type(a.agg, type));
  }
  return out;
}

GroupPack partial_aggregate(const Table& partition, const GroupPlan& plan) {
  const std::vector<std::size_t> keys = key_positions(partition, plan);
  const RowGroups groups = group_rows(partition, keys, NullKeys::drop);
  GroupPack pack{first_rows(partition, keys, groups)};
  for (std::size_t i = 0; i < plan.aggregations.size(); ++i) {
    const Aggregation& a = plan.aggregations[i];
    if (a.agg == Agg::nunique) {
      std::vector<std::size_t> pair = keys;
      pair.push_back(partition.position(a.column));
      pack.push_back(first_rows(partition, pair, group_rows(partition, pair, NullKeys::drop)));
      continue;
    }
    const Column* values = a.agg == Agg::size ? nullptr : &partition.column(a.column);
    std::vector<Column> states = partial_states(a.agg, values, groups);
    for (std::size_t s = 0; s < states.size(); ++s) pack[0].add_column(state_name(i, s), std::move(states[s]));
  }
  return pack;
}

GroupPack combine_partials(const std::vector<GroupPack>& packs, const GroupPlan& plan) {
  if (packs.size() == 1) return packs.front();  // the last of a level's ragged groups
  const Table all = concat_packs(packs, 0);
  const std::vector<std::size_t> keys = first_positions(plan.keys.size());
  const RowGroups groups = group_rows(all, keys, NullKeys::drop);
  GroupPack pack{first_rows(all, keys, groups)};
  std::size_t column = keys.size();
  std::size_t distinct = 1;
  for (std::size_t i = 0; i < plan.aggregations.size(); ++i) {
    const Agg agg = plan.aggregations[i].agg;
    if (agg == Agg::nunique) {
      pack.push_back(distinct_rows(concat_packs(packs, distinct++)));
      continue;
    }
    std::vector<const Column*> states;
    for (std::size_t s = 0; s < state_width(agg); ++s) states.push_back(&all.column(column++));
    std::vector<Column> merged = combined_states(agg, states, groups);
    for (std::size_t s = 0; s < merged.size(); ++s) pack[0].add_column(state_name(i, s), std::move(merged[s]));
  }
  return pack;
}

Table finalize_groups(const GroupPack& pack, const GroupPlan& plan) {
  const Table& groups = pack[0];
  const std::size_t nkeys = plan.keys.size();
  Table out;
  for (std::size_t k = 0; k < nkeys; ++k) out.add_column(plan.keys[k], groups.shared_column(k));
  std::size_t column = nkeys;
  std::size_t distinct = 1;
  for (const Aggregation& a : plan.aggregations) {
    if (a.agg == Agg::nunique) {
      out.add_column(a.name, count_distinct_per_group(groups, pack[distinct++], nkeys));
      continue;
    }
    std::vector<const Column*> states;
    for (std::size_t s = 0; s < state_width(a.agg); ++s) states.push_back(&groups.column(column++));
    out.add_column(a.name, finalized_states(a.agg, states, plan.ddof));
  }
  out.set_index_width(nkeys);
  if (!plan.sort) return out;
  const std::vector<std::size_t> keys = first_positions(nkeys);
  return out.take(sorted_row_order(out, keys));
}

std::vector<GroupPack> split_partial(const GroupPack& pack, const GroupPlan& plan, std::int64_t pieces) {
  const std::vector<std::size_t> keys = first_positions(plan.keys.size());
  std::vector<GroupPack> out(static_cast<std::size_t>(pieces));
  for (const Table& table : pack) {
    std::vector<Table> cut = hash_split(table, keys, pieces);
    for (std::size_t j = 0; j < out.size(); ++j) out[j].push_back(std::move(cut[j]));
  }
  return out;
}

}  // namespace dtask::dataframe
