// GroupAccumulator: the partial aggregation of one int64 or string key (partial_aggregate's
// kernel for such plans): one GroupDictionary and states updated in place. Rows may come in
// several batches, one after another, with the pack of them all at the end.
//
//   GroupAccumulator partial(plan, schema);          // schema: of the batches' columns
//   for (const auto& batch : batches) partial.add(batch, expected_rows);
//   GroupPack pack = partial.finish();               // partial_aggregate(all the rows, plan)
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "group_rows.hpp"
#include "groupby_aggregate.hpp"
#include "groupby_states.hpp"

namespace dtask::dataframe {

class GroupAccumulator {
 public:
  // One int64 or string key, and aggregations that StateAccumulator keeps.
  static bool supports(const GroupPlan& plan, const Schema& input);
  GroupAccumulator(const GroupPlan& plan, const Schema& input);
  // columns: a batch, one column per input column in the schema's order, all of one length.
  // expected_rows: of all the batches together, a hint that sizes the group table.
  void add(std::span<const Column* const> columns, std::size_t expected_rows);
  // The pack of every row added: the groups' keys, then each aggregation's state columns.
  GroupPack finish();

 private:
  static constexpr std::size_t rows_only = static_cast<std::size_t>(-1);  // size reads no column

  GroupPlan plan_;
  std::size_t key_;
  GroupDictionary groups_;
  std::vector<std::size_t> values_;  // per aggregation: its input column, or rows_only
  std::vector<StateAccumulator> states_;
  std::vector<std::uint32_t> group_of_row_;  // of the last batch
};

}  // namespace dtask::dataframe
