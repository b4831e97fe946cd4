// The three task functions of every reduction (private to src/array): a step on one chunk, a
// combination of partial results, and a final step that combines and shapes the output chunk.
//
// A partial result is a chunk of shape (fields, m), m the number of output elements of its
// output chunk in row-major order, in the reduction's accumulator dtype:
//   sum, prod, min, max, any, all: one field, the value so far;
//   mean: one field, the sum so far;
//   var, std: two fields, the mean and M2 (sum of squared deviations) so far;
//   argmin, argmax: two fields, the best value and its global index (stored in the accumulator
//   dtype: float64 holds every index below 2^53 exactly).
// The count of input elements behind each output element of a partial is the same for all of
// them; the graph knows it and passes it as a literal.
#pragma once

#include <cstdint>
#include <vector>

#include <dtask/core/chunk.hpp>

namespace dtask::array::detail {

enum class Reduction : std::int64_t { sum, prod, mean, min, max, var, std, any, all, argmin, argmax };

// The dtype partial results of r over an input of dtype `input` are kept in.
DType accumulator_dtype(Reduction r, DType input);

// The partial result of one chunk. reduced holds 1 for each reduced axis, 0 for a kept one.
// For argmin/argmax, the global index of the chunk's element i is
// index_base + sum over axes of i_axis * index_strides[axis] (0 for kept axes).
Chunk reduce_chunk(const Chunk& x, std::int64_t reduction, const Shape& reduced, std::int64_t index_base,
                   const Shape& index_strides);

// Partial results combined in the order given; counts[i] is the count behind parts[i].
Chunk combine_partials(const std::vector<Chunk>& parts, std::int64_t reduction, const Shape& counts);

// combine_partials, then the output chunk of shape out_shape and dtype out_dtype (mean divides
// by the count, var by max(count - ddof, 0)).
Chunk finish_partials(const std::vector<Chunk>& parts, std::int64_t reduction, const Shape& counts,
                      const Shape& out_shape, std::int64_t out_dtype, std::int64_t ddof);

}  // namespace dtask::array::detail
