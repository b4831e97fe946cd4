// The task functions of products (products.cpp builds the graphs that call them).
//
// contract: one node of the sum tree of an output chunk C of a tensordot, where each operand
//   chunk is laid out as a matrix (lhs: free axes as rows, contracted axes as columns; rhs:
//   contracted axes as rows, free axes as columns):
//     C = partials[0] + partials[1] + ... + lhs[0] rhs[0] + lhs[1] rhs[1] + ...
//   every product one GEMM accumulating into C (OpenBLAS with beta = 1 for float32/float64);
//   an operand with a program (a cheap elementwise function, cheap_elementwise.hpp) is that
//   program run on its chunk first.
// gram: the same for a diagonal chunk of x.T x: C = partials... + X0^T X0 + X1^T X1 + ...,
//   or of x x.T (rows): C = partials... + X0 X0^T + X1 X1^T + ..., each term a SYRK (half a
//   GEMM's work), the lower triangle mirrored at the end.
//
// Integer products use Eigen's own kernels; bool products are computed on int64 and give
// true where the count is non-zero (NumPy's bool matmul).
#pragma once

#include <dtask/core/function.hpp>

namespace dtask::array::detail {

// contract_chunks(partials, lhs, rhs, lhs_layout, lhs_split, lhs_program, rhs_layout, rhs_split,
// rhs_program, out_shape, dtype): an operand's layout lists its chunk's axes in matrix order,
// the first `split` of them being the matrix's rows; its program (an elementwise Program,
// empty for none) maps each of its chunks first.
const Function& contract_function();
// gram_chunks(partials, blocks, out_shape, dtype, rows): rows for x x.T, else x.T x.
const Function& gram_function();

}  // namespace dtask::array::detail
