#include <dtask/dataframe/shuffle.hpp>

#include <dtask/core/function.hpp>
#include <dtask/core/row_hash.hpp>

#include "exchange.hpp"

namespace dtask::dataframe {

namespace {

// One input partition cut into npieces tables by the hash of its keys.
std::vector<Table> shuffle_split(const Table& table, const std::vector<std::string>& keys,
                                 std::int64_t npieces) {
  std::vector<std::size_t> positions;
  for (const std::string& k : keys) positions.push_back(table.position(k));
  return hash_split(table, positions, npieces);
}

const Function& split_function = register_function("dataframe.shuffle_split", &shuffle_split);

}  // namespace

std::vector<Table> hash_split(const Table& table, std::span<const std::size_t> keys, std::int64_t pieces) {
  const std::vector<std::uint64_t> hashes = hash_rows(table, keys);
  const auto n = static_cast<std::uint64_t>(pieces);
  return split_rows(table, n, [&](std::size_t r) { return hashes[r] % n; });
}

Exchange hash_exchange(const DataFrame& frame, const std::vector<std::string>& keys,
                       std::int64_t npartitions) {
  if (npartitions < 1) DTASK_THROW(ValueError, "a shuffle needs at least one output partition");
  if (keys.empty()) DTASK_THROW(ValueError, "a shuffle needs at least one key column");
  for (const std::string& k : keys) frame.meta().position(k);
  return exchange(frame, "shuffle", split_function, {Value(keys)}, npartitions);
}

DataFrame shuffle(const DataFrame& frame, const std::vector<std::string>& keys,
                  std::int64_t npartitions) {
  const Exchange pieces = hash_exchange(frame, keys, npartitions);
  const std::string name = unique_name("shuffle");
  Layer::Tasks outputs;
  for (std::int64_t j = 0; j < npartitions; ++j) {
    outputs.emplace_back(Key(name, {static_cast<std::int32_t>(j)}),
                         Task(concat_function(), {pieces.pieces_for(j)}));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(outputs), LayerPtrs{pieces.pieces});
  return DataFrame(Graph(std::move(layer)), name, frame.meta(), npartitions);
}

}  // namespace dtask::dataframe
