#include <dtask/array/copy_region.hpp>

#include <cstring>

#include <dtask/array/chunks.hpp>

namespace dtask::array {

namespace {

bool region_fits(const Shape& shape, const Shape& offset, const Shape& extent) {
  if (offset.size() != shape.size() || extent.size() != shape.size()) return false;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (offset[a] < 0 || extent[a] < 0 || offset[a] + extent[a] > shape[a]) return false;
  }
  return true;
}

// Element strides of a row-major shape.
Shape strides_of(const Shape& shape) {
  Shape strides(shape.size(), 1);
  for (std::size_t a = shape.size(); a-- > 1;) strides[a - 1] = strides[a] * shape[a];
  return strides;
}

}  // namespace

void copy_region(const Chunk& src, const Shape& src_offset, Chunk& dst, const Shape& dst_offset,
                 const Shape& extent) {
  if (src.dtype() != dst.dtype()) DTASK_THROW(ValueError, "copy_region between different dtypes");
  if (!region_fits(src.shape(), src_offset, extent) || !region_fits(dst.shape(), dst_offset, extent)) {
    DTASK_THROW(ValueError, "region " + dtask::to_string(extent) + " does not fit chunks " +
                                dtask::to_string(src.shape()) + " and " + dtask::to_string(dst.shape()));
  }
  const std::size_t ndim = extent.size();
  if (shape_size(extent) == 0) return;
  const std::size_t item = itemsize(src.dtype());
  if (ndim == 0) {
    std::memcpy(dst.bytes(), src.bytes(), item);
    return;
  }
  const Shape src_strides = strides_of(src.shape());
  const Shape dst_strides = strides_of(dst.shape());
  const std::size_t row_bytes = static_cast<std::size_t>(extent[ndim - 1]) * item;
  // Walk every row (all axes but the last) of the region as an odometer.
  Shape position(ndim, 0);
  const std::int64_t rows = shape_size(extent) / extent[ndim - 1];
  for (std::int64_t r = 0; r < rows; ++r) {
    std::int64_t s = 0, d = 0;
    for (std::size_t a = 0; a < ndim; ++a) {
      s += (src_offset[a] + position[a]) * src_strides[a];
      d += (dst_offset[a] + position[a]) * dst_strides[a];
    }
    std::memcpy(dst.bytes() + d * item, src.bytes() + s * item, row_bytes);
    for (std::size_t a = ndim - 1; a-- > 0;) {
      if (++position[a] < extent[a]) break;
      position[a] = 0;
    }
  }
}

Chunk assemble_blocks(DType dtype, const Chunks& chunks, const std::vector<const Chunk*>& blocks) {
  Shape shape;
  std::vector<std::vector<std::int64_t>> offsets;
  for (const auto& sizes : chunks) {
    offsets.push_back(chunk_offsets(sizes));
    shape.push_back(offsets.back().back());
  }
  Chunk whole(dtype, shape);
  const Shape grid = numblocks(chunks);
  for (std::size_t b = 0; b < blocks.size(); ++b) {
    const Shape block = unflatten_block_index(grid, static_cast<std::int64_t>(b));
    Shape offset(block.size());
    for (std::size_t a = 0; a < block.size(); ++a) offset[a] = offsets[a][block[a]];
    copy_region(*blocks[b], Shape(block.size(), 0), whole, offset, blocks[b]->shape());
  }
  return whole;
}

}  // namespace dtask::array
