// The three steps of a groupby's tree reduction, on tables: partial_aggregate turns one input
// partition into a GroupPack (its groups' keys and aggregation states), combine_partials merges
// packs (in partition order: first and last depend on it), finalize_groups turns the last pack
// into the result table, indexed by the keys. Task functions (groupby_tasks.cpp) and the kernel
// bench call them.
//
//   GroupPlan plan{{"reviewerID"}, {{"overall", Agg::mean, "overall"}}};
//   GroupPack a = partial_aggregate(part0, plan), b = partial_aggregate(part1, plan);
//   Table means = finalize_groups(combine_partials({a, b}, plan), plan);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/groupby.hpp>

namespace dtask::dataframe {

// What to compute: keys, aggregations with their output names resolved, ddof, sort.
struct GroupPlan {
  std::vector<std::string> keys;
  std::vector<Aggregation> aggregations;
  std::int64_t ddof = 1;
  bool sort = true;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) { ar & keys & aggregations & ddof & sort; }
};

template <class Archive>
void serialize(Archive& ar, Aggregation& a, unsigned /*version*/) { ar & a.column & a.agg & a.name; }

// [0]: one row per group, the key columns then every aggregation's state columns; then, for
// each nunique aggregation in order, the distinct (keys, value) pairs seen.
using GroupPack = std::vector<Table>;

// The result's schema, known at graph time; throws ValueError for unknown columns and
// TypeError for a string column in sum, mean, var or std.
Schema result_schema(const Schema& input, const GroupPlan& plan);

GroupPack partial_aggregate(const Table& partition, const GroupPlan& plan);
GroupPack combine_partials(const std::vector<GroupPack>& packs, const GroupPlan& plan);
Table finalize_groups(const GroupPack& pack, const GroupPlan& plan);
// Piece j holds the groups whose keys hash (hash_rows) to j modulo pieces.
std::vector<GroupPack> split_partial(const GroupPack& pack, const GroupPlan& plan, std::int64_t pieces);

}  // namespace dtask::dataframe
