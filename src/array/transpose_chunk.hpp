// The kernel of a transpose: one chunk with its axes permuted. Products use it too, to lay a
// chunk out as a matrix when no transposed view of its buffer is one.
#pragma once

#include <dtask/core/chunk.hpp>

namespace dtask::array::detail {

// A copy of chunk whose axis i is chunk's axis axes[i] (axes: a permutation of chunk's axes).
Chunk permute_chunk(const Chunk& chunk, const Shape& axes);

}  // namespace dtask::array::detail
