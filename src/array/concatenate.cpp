#include <dtask/array/concatenate.hpp>

#include <algorithm>

#include <dtask/array/rechunk.hpp>

#include "reshape_chunk.hpp"

namespace dtask::array {

namespace {

void require_arrays(const std::vector<Array>& arrays, const char* what) {
  if (arrays.empty()) DTASK_THROW(ValueError, std::string(what) + " needs at least one array");
}

DType promoted_dtype(const std::vector<Array>& arrays) {
  DType dtype = arrays.front().dtype();
  for (const Array& x : arrays) dtype = promote_types(dtype, x.dtype());
  return dtype;
}

// The arrays with the first one's chunks along every axis but `except` (none: every axis).
std::vector<Array> with_common_chunks(const std::vector<Array>& arrays, std::size_t except) {
  std::vector<Array> out;
  for (const Array& x : arrays) {
    Chunks chunks = arrays.front().chunks();
    if (except < chunks.size()) chunks[except] = x.chunks()[except];
    out.push_back(x.chunks() == chunks ? x : rechunk(x, chunks));
  }
  return out;
}

}  // namespace

Array concatenate(const std::vector<Array>& arrays, int axis) {
  require_arrays(arrays, "concatenate");
  const Array& first = arrays.front();
  if (first.ndim() == 0) DTASK_THROW(ValueError, "zero-dimensional arrays cannot be concatenated");
  const auto a = static_cast<std::size_t>(normalize_axis(axis, first.ndim()));
  for (const Array& x : arrays) {
    Shape expected = first.shape(), actual = x.shape();
    expected[a] = actual[a] = 0;
    if (x.ndim() != first.ndim() || actual != expected) {
      DTASK_THROW(ValueError, "concatenate along axis " + std::to_string(axis) + " needs equal shapes on the other axes: " +
                                  to_string(first.shape()) + " and " + to_string(x.shape()));
    }
  }
  // Arrays with no extent along the axis add nothing (unless all are empty there).
  std::vector<Array> parts;
  std::copy_if(arrays.begin(), arrays.end(), std::back_inserter(parts), [&](const Array& x) { return x.shape()[a] > 0; });
  if (parts.empty()) parts.push_back(first);
  parts = with_common_chunks(parts, a);

  const DType dtype = promoted_dtype(arrays);
  if (parts.size() == 1 && parts.front().dtype() == dtype) return parts.front();
  Chunks chunks = parts.front().chunks();
  chunks[a].clear();
  std::vector<std::pair<std::size_t, std::int64_t>> source;  // (part, its block) per output block along a
  for (std::size_t p = 0; p < parts.size(); ++p) {
    const auto& sizes = parts[p].chunks()[a];
    chunks[a].insert(chunks[a].end(), sizes.begin(), sizes.end());
    for (std::size_t b = 0; b < sizes.size(); ++b) source.emplace_back(p, static_cast<std::int64_t>(b));
  }
  return make_array("concatenate", dtype, chunks, parts, [&](const Shape& block) {
    const auto [part, part_block] = source[static_cast<std::size_t>(block[a])];
    Shape in_block = block;
    in_block[a] = part_block;
    return detail::view_task(parts[part].key(in_block), block_shape(chunks, block), dtype);
  });
}

Array stack(const std::vector<Array>& arrays, int axis) {
  require_arrays(arrays, "stack");
  const Array& first = arrays.front();
  const auto a = static_cast<std::size_t>(normalize_axis(axis, first.ndim() + 1));
  for (const Array& x : arrays) {
    if (x.shape() != first.shape()) {
      DTASK_THROW(ValueError, "stack needs arrays of one shape: " + to_string(first.shape()) + " and " +
                                  to_string(x.shape()));
    }
  }
  const std::vector<Array> parts = with_common_chunks(arrays, first.ndim());
  const DType dtype = promoted_dtype(arrays);
  Chunks chunks = first.chunks();
  chunks.insert(chunks.begin() + static_cast<std::ptrdiff_t>(a), std::vector<std::int64_t>(arrays.size(), 1));
  return make_array("stack", dtype, chunks, parts, [&](const Shape& block) {
    Shape in_block = block;
    in_block.erase(in_block.begin() + static_cast<std::ptrdiff_t>(a));
    return detail::view_task(parts[static_cast<std::size_t>(block[a])].key(in_block), block_shape(chunks, block), dtype);
  });
}

}  // namespace dtask::array
