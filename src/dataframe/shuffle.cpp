#include <dtask/dataframe/shuffle.hpp>

#include <dtask/core/function.hpp>
#include <dtask/core/row_hash.hpp>

namespace dtask::dataframe {

namespace {

// One input partition cut into npieces tables by the hash of its keys.
std::vector<Table> shuffle_split(const Table& table, const std::vector<std::string>& keys,
                                 std::int64_t npieces) {
  std::vector<std::size_t> positions;
  for (const std::string& k : keys) positions.push_back(table.position(k));
  return hash_split(table, positions, npieces);
}

Table shuffle_piece(const std::vector<Table>& pieces, std::int64_t j) {
  return pieces.at(static_cast<std::size_t>(j));
}

Table shuffle_combine(const std::vector<Table>& pieces) {
  std::vector<const Table*> parts;
  parts.reserve(pieces.size());
  for (const Table& t : pieces) parts.push_back(&t);
  return Table::concat(parts);
}

const Function& split_function = register_function("dataframe.shuffle_split", &shuffle_split);
const Function& piece_function = register_function("dataframe.shuffle_piece", &shuffle_piece);
const Function& combine_function = register_function("dataframe.shuffle_combine", &shuffle_combine);

}  // namespace

std::vector<Table> hash_split(const Table& table, std::span<const std::size_t> keys, std::int64_t pieces) {
  const std::vector<std::uint64_t> hashes = hash_rows(table, keys);
  std::vector<std::vector<std::uint32_t>> rows(static_cast<std::size_t>(pieces));
  for (std::size_t r = 0; r < hashes.size(); ++r) {
    rows[hashes[r] % static_cast<std::uint64_t>(pieces)].push_back(static_cast<std::uint32_t>(r));
  }
  std::vector<Table> out;
  out.reserve(rows.size());
  for (const auto& piece_rows : rows) out.push_back(table.take(piece_rows));
  return out;
}

DataFrame shuffle(const DataFrame& frame, const std::vector<std::string>& keys,
                  std::int64_t npartitions) {
  if (npartitions < 1) DTASK_THROW(ValueError, "a shuffle needs at least one output partition");
  if (keys.empty()) DTASK_THROW(ValueError, "a shuffle needs at least one key column");
  for (const std::string& k : keys) frame.meta().position(k);
  const std::int64_t inputs = frame.npartitions();

  // split-<n>: one task per input partition; piece-<n> (i, j): piece j of input i, run where the
  // split is; the output layer concatenates piece j of every input.
  const std::string split_name = unique_name("shuffle_split");
  Layer::Tasks splits;
  for (std::int64_t i = 0; i < inputs; ++i) {
    splits.emplace_back(Key(split_name, {static_cast<std::int32_t>(i)}),
                        Task(split_function, {frame.key(i), Value(keys), Value(npartitions)}));
  }
  LayerPtrs frame_layers(frame.graph().tops().begin(), frame.graph().tops().end());
  auto split_layer = std::make_shared<const Layer>(split_name, std::move(splits), frame_layers);

  const std::string piece_name = unique_name("shuffle_piece");
  Layer::Tasks pieces;
  for (std::int64_t i = 0; i < inputs; ++i) {
    for (std::int64_t j = 0; j < npartitions; ++j) {
      pieces.emplace_back(Key(piece_name, {static_cast<std::int32_t>(i), static_cast<std::int32_t>(j)}),
                          Task(piece_function, {Key(split_name, {static_cast<std::int32_t>(i)}), Value(j)}));
    }
  }
  auto piece_layer = std::make_shared<const Layer>(piece_name, std::move(pieces), LayerPtrs{split_layer});

  const std::string name = unique_name("shuffle");
  Layer::Tasks outputs;
  for (std::int64_t j = 0; j < npartitions; ++j) {
    KeyList parts;
    for (std::int64_t i = 0; i < inputs; ++i) {
      parts.emplace_back(piece_name, Key::Index{static_cast<std::int32_t>(i), static_cast<std::int32_t>(j)});
    }
    outputs.emplace_back(Key(name, {static_cast<std::int32_t>(j)}), Task(combine_function, {std::move(parts)}));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(outputs), LayerPtrs{piece_layer});
  return DataFrame(Graph(std::move(layer)), name, frame.meta(), npartitions);
}

}  // namespace dtask::dataframe
