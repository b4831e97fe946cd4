// dtask::dataframe::shuffle: a frame whose partition j holds every row whose key columns hash
// to j (hash_rows(row) % npartitions), as Dask's task-based hash shuffle. Each input partition
// is split once into npartitions pieces; output partition j concatenates piece j of every input.
// The pieces travel worker to worker as task inputs, never through rank 0.
//
//   auto by_asin = dd::shuffle(reviews, {"asin"}, 8);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

DataFrame shuffle(const DataFrame& frame, const std::vector<std::string>& keys,
                  std::int64_t npartitions);

// One table cut into pieces: piece j holds the rows, in order, whose key columns (at these
// positions) hash to j modulo pieces. shuffle and groupby's split_out cut with it.
std::vector<Table> hash_split(const Table& table, std::span<const std::size_t> keys, std::int64_t pieces);

}  // namespace dtask::dataframe
