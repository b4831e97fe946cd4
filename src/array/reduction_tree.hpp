// The graph of a reduction (private to src/array): a step per chunk, trees of at most
// split_every partial results per node, a final step per output chunk.
#pragma once

#include <string>

#include <dtask/array/array.hpp>

#include "reduction_kernels.hpp"

namespace dtask::array::detail {

struct ReductionSpec {
  Reduction reduction;
  std::string name;  // prefix of the keys: "sum", "mean", ...
  DType dtype;       // of the result
  Shape reduced;     // 1 for each reduced axis of the input, 0 for a kept one
  ReduceOptions options;
};

// Expects checked input: axes in range and unique, split_every >= 2.
Array tree_reduce(const Array& x, const ReductionSpec& spec);

}  // namespace dtask::array::detail
