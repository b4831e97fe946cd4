#include "exchange.hpp"
#include "merge_plans.hpp"

namespace dtask::dataframe {

namespace {

// Piece j of every partition of each side: the rows whose keys hash to j. Either side may be
// the hash table (the smaller one is); the result's row order within a partition is not defined.
Table shuffled_join(const std::vector<const Table*>& left_pieces,
                    const std::vector<const Table*>& right_pieces, const JoinSpec& spec) {
  return with_concatenated(left_pieces, [&](const Table& left) {
    return with_concatenated(right_pieces, [&](const Table& right) {
      return hash_join(left, right, spec, BuildSide::smaller);
    });
  });
}

const Function& shuffled_join_function =
    register_function("dataframe.shuffled_join", &shuffled_join);

}  // namespace

DataFrame shuffle_merge(const DataFrame& left, const DataFrame& right, const ResolvedMerge& merge,
                        std::int64_t npartitions) {
  const Exchange left_pieces = hash_exchange(left, merge.left_on, npartitions);
  const Exchange right_pieces = hash_exchange(right, merge.right_on, npartitions);
  const std::string name = unique_name("merge");
  Layer::Tasks tasks;
  for (std::int64_t j = 0; j < npartitions; ++j) {
    tasks.emplace_back(
        Key(name, {static_cast<std::int32_t>(j)}),
        Task(shuffled_join_function,
             {left_pieces.pieces_for(j), right_pieces.pieces_for(j), Value(merge.spec)}));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(tasks),
                                             LayerPtrs{left_pieces.pieces, right_pieces.pieces});
  return DataFrame(Graph(std::move(layer)), name, merge.schema, npartitions);
}

}  // namespace dtask::dataframe
