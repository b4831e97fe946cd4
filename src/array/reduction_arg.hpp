// argmin and argmax kernels (private to src/array): partial results of fields (value, index),
// see reduction_kernels.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include <dtask/core/chunk.hpp>

namespace dtask::array::detail {

Chunk arg_chunk(const Chunk& x, bool is_min, const Shape& reduced, std::int64_t index_base,
                const Shape& index_strides);
Chunk arg_combine(const std::vector<Chunk>& parts, bool is_min);

}  // namespace dtask::array::detail
