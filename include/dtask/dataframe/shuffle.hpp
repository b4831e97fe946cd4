// dtask::dataframe::shuffle: a frame whose partition j holds every row whose key columns hash
// to j (hash_rows(row) % npartitions), as Dask's task-based hash shuffle. Each input partition
// is split once into npartitions pieces; output partition j concatenates piece j of every input.
// The pieces travel worker to worker as task inputs, never through rank 0.
//
//   auto by_asin = dd::shuffle(reviews, {"asin"}, 8);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

DataFrame shuffle(const DataFrame& frame, const std::vector<std::string>& keys,
                  std::int64_t npartitions);

}  // namespace dtask::dataframe
