// Slicing: x[{...}] with integers and slices, as NumPy's basic indexing and dask.array's
// getitem.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({7, 13}, 3);
//   auto row = x[{2}];                                   // shape (13,): the axis disappears
//   auto y = x[{da::Slice{1, -1}, da::Slice{{}, {}, -2}}];  // x[1:-1, ::-2], shape (5, 7)
//
// Fewer indices than axes take the rest whole. Negative integers and bounds count from the end;
// an integer out of range is a ValueError, slice bounds out of range are clipped (as NumPy).
// Output chunks follow the input's chunk boundaries: each output chunk is a strided copy of the
// part of one input chunk it selects (or that chunk itself, when it is selected whole), so only
// the input chunks the result needs appear in its graph.
#pragma once

#include <cstdint>

#include <dtask/array/array.hpp>

namespace dtask::array {

// A slice resolved against an axis of the given extent: element k of the result is element
// start + k * step of the axis, for 0 <= k < length. Throws ValueError for a zero step.
struct ResolvedSlice {
  std::int64_t start = 0, step = 1, length = 0;
};
ResolvedSlice resolve_slice(const Slice& slice, std::int64_t extent);

}  // namespace dtask::array
