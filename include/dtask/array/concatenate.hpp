// Joining arrays: concatenate along an existing axis, stack along a new one, as numpy and
// dask.array.
//
//   namespace da = dtask::array;
//   auto c = da::concatenate({a, b}, 0);   // a above b
//   auto s = da::stack({a, b}, 0);         // shape (2, ...): a new axis in front
//
// The result's dtype is the arrays' promoted dtype (promote_types). No data is copied: each
// chunk of the result is a task that refers to one input chunk (casting it when its dtype
// differs; stack gives it the new axis of extent 1). Chunks along the other axes are those of
// the first array; the other arrays are rechunked to them when theirs differ.
#pragma once

#include <vector>

#include <dtask/array/array.hpp>

namespace dtask::array {

// Shapes must be equal except along axis. Throws ValueError for no arrays, different numbers
// of dimensions, other mismatched extents or an axis out of range.
Array concatenate(const std::vector<Array>& arrays, int axis = 0);
// Shapes must be equal; axis counts in the result (-1: a new last axis).
Array stack(const std::vector<Array>& arrays, int axis = 0);

}  // namespace dtask::array
