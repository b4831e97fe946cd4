// Seeing through a transpose: products read the chunks of the array a transpose was taken
// from, with the permutation folded into how they lay out each chunk, so that `x.T().dot(y)`
// runs no transpose tasks and `x.T().dot(x)` is recognised as a Gram matrix.
#pragma once

#include <optional>

#include <dtask/array/array.hpp>

namespace dtask::array::detail {

// x == source.transpose(axes).
struct TransposeOf {
  Array source;
  Shape axes;
};

// The array x was transposed from, when x is the result of transpose (not an array computed
// from one).
std::optional<TransposeOf> transpose_of(const Array& x);

// The task that makes one chunk: the chunk `block` of source permuted by axes.
Task transpose_task(const Key& block, const Shape& axes);

}  // namespace dtask::array::detail
