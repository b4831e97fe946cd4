// Reshaping: the same elements, in row-major order, under another shape, as dask.array's
// reshape.
//
//   namespace da = dtask::array;
//   auto x = da::arange(24, 4).reshape({2, 3, 4});
//   auto y = x.reshape({6, -1});   // -1: the extent that keeps the size, here 4
//
// As in Dask, a reshape merges or splits whole trailing axes: (6, 5, 4) -> (30, 4) merges 6 and
// 5, (6, 5, 4) -> (3, 2, 5, 4) splits 6; axes of extent 1 come and go freely. Others, such as
// (6, 5, 4) -> (4, 5, 6), are a ValueError (reshape in steps, or rechunk to one chunk first).
// The input is first rechunked so that every output chunk is exactly one input chunk under its
// new shape: merged trailing axes become whole (the leading axis's chunks are split to keep
// chunk sizes about the same), and a split axis's chunks become multiples of the extent its new
// trailing axes span. Then one task per chunk.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include <dtask/array/array.hpp>

namespace dtask::array {

// x with the given shape; at most one extent may be -1. Throws ValueError when the sizes
// differ or the reshape is not one of those above.
Array reshape(const Array& x, const Shape& shape);

// How reshape proceeds from chunks in_chunks of in_shape to out_shape (same size, no extent 0).
struct ReshapePlan {
  Chunks input;   // what the input is rechunked to
  Chunks output;  // the result's chunks
  // (input axis, output axis) pairs along which block indices correspond; every other axis of
  // either side has one chunk.
  std::vector<std::pair<std::size_t, std::size_t>> paired_axes;
};
ReshapePlan plan_reshape(const Shape& in_shape, const Shape& out_shape, const Chunks& in_chunks);

}  // namespace dtask::array
