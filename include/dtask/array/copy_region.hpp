// Copying rectangular regions between chunks of the same dtype: what assembling, slicing,
// concatenating and rechunking are made of.
#pragma once

#include <dtask/core/chunk.hpp>

namespace dtask::array {

// Copies the region of extents `extent` starting at src_offset in src to dst_offset in dst
// (offsets in elements, one per axis). Throws ValueError when dtypes differ or the region does
// not fit either chunk.
void copy_region(const Chunk& src, const Shape& src_offset, Chunk& dst, const Shape& dst_offset,
                 const Shape& extent);

// One chunk of the given shape made from blocks laid out on a grid (flat row-major block order)
// with the given chunk sizes per axis.
Chunk assemble_blocks(DType dtype, const std::vector<std::vector<std::int64_t>>& chunks,
                      const std::vector<const Chunk*>& blocks);

}  // namespace dtask::array
