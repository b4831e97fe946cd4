// The all-to-all step of shuffle, merge and sort: every input partition of a frame is cut once
// into npieces tables by a split task, and piece (i, j), piece j of input i, becomes a task of
// its own that runs where the split ran; an output task then reads piece j of every input. The
// pieces travel worker to worker as task inputs, never through rank 0.
//
//   Exchange ex = exchange(frame, "shuffle", split_function, {Value(keys)}, npartitions);
//   Task combine(concat_function, {ex.pieces_for(j)});  // with LayerPtrs{ex.pieces}
#pragma once

#include <cstdint>

#include <dtask/core/function.hpp>
#include <dtask/core/graph.hpp>
#include <dtask/dataframe/dataframe.hpp>

#include <string>
#include <vector>

namespace dtask::dataframe {

struct Exchange {
  LayerPtr pieces;  // the layer of piece tasks
  std::string piece_name;
  std::int64_t inputs = 0;
  // Piece `output` of every input partition, in input order.
  KeyList pieces_for(std::int64_t output) const;
};

// split is called as split(partition, args..., npieces) and returns npieces tables; the layers
// are named prefix_split-<n> and prefix_piece-<n>.
Exchange exchange(const DataFrame& frame, const std::string& prefix, const Function& split,
                  const std::vector<Value>& args, std::int64_t npieces);

// The exchange of a hash shuffle: piece j holds the rows whose keys hash to j (shuffle.cpp).
Exchange hash_exchange(const DataFrame& frame, const std::vector<std::string>& keys,
                       std::int64_t npartitions);

// The task function "dataframe.concat": the rows of the tables of a list of keys, in order.
const Function& concat_function();

// The rows of table cut into npieces tables, row r going to piece piece_of(r), in row order:
// the body of a split function.
template <class PieceOf>
std::vector<Table> split_rows(const Table& table, std::size_t npieces, PieceOf&& piece_of) {
  std::vector<std::vector<std::uint32_t>> rows(npieces);
  for (std::size_t r = 0; r < table.rows(); ++r) rows[piece_of(r)].push_back(static_cast<std::uint32_t>(r));
  std::vector<Table> pieces;
  pieces.reserve(npieces);
  for (const auto& piece_rows : rows) pieces.push_back(table.take(piece_rows));
  return pieces;
}

// f(the rows of every piece, in order), with no copy when there is one piece.
template <class F>
auto with_concatenated(const std::vector<const Table*>& pieces, F&& f) {
  if (pieces.size() == 1) return f(*pieces.front());
  return f(Table::concat(pieces));
}

}  // namespace dtask::dataframe
