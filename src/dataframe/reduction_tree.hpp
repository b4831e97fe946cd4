// tree_reduce: the graph of a tree reduction over a frame's partitions, shared by groupby,
// drop_duplicates, value_counts and nunique. Each input partition becomes a pack (a
// std::vector<Table>) by `partial`; packs are merged split_every at a time, in partition order,
// by `combine`, and the last split_every or fewer by `finalize`, which gives the output
// partition. With split_out > 1, `split` cuts every partial pack into split_out pieces and
// piece j of every partition is reduced in its own tree: output partition j.
//
//   partial(const Table& partition, extra...) -> std::vector<Table>
//   combine(const std::vector<std::vector<Table>>& packs, extra...) -> std::vector<Table>
//   finalize(const std::vector<std::vector<Table>>& packs, extra...) -> Table
//   split(const std::vector<Table>& pack, extra..., std::int64_t pieces) -> std::vector<std::vector<Table>>
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

struct TreeReduction {
  const Function* partial = nullptr;
  const Function* combine = nullptr;
  const Function* finalize = nullptr;
  const Function* split = nullptr;  // needed when split_out > 1
  std::vector<Value> extra;          // literal arguments after each function's first
  std::int64_t split_every = 8;
  std::int64_t split_out = 1;
};

// Table `item` of every pack, concatenated in order (the packs' order is the partitions').
Table concat_packs(const std::vector<std::vector<Table>>& packs, std::size_t item);

// A frame of split_out partitions of schema meta; layers named prefix-partial-<n>, ...
DataFrame tree_reduce(const DataFrame& frame, const std::string& prefix, const TreeReduction& tree, Schema meta);

}  // namespace dtask::dataframe
