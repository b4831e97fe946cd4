// Transposing: the same array with its axes permuted, as numpy.transpose and `.T`.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({7, 13}, 3);
//   auto t = x.T();                             // 13 x 7, chunks ((3, 3, 3, 3, 1), (3, 3, 1))
//   auto y = da::transpose(da::ones({2, 3, 4}, 2), {1, 0, 2});   // 3 x 2 x 4
//
// Output axis i is input axis axes[i]; no axes reverses them. Each output chunk is one task that
// permutes one input chunk. The identity permutation (and so `.T` of a 0-d or 1-d array) gives
// the same array back.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::array {

// Throws ValueError when axes is not a permutation of the array's axes.
Array transpose(const Array& x, const Axes& axes = {});

}  // namespace dtask::array
