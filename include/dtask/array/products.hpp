// Products of arrays, as numpy.dot, numpy.matmul and numpy.tensordot.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({6000, 6000}, {1000, 1000});
//   auto y = x.dot(x.T());                 // or da::dot(x, x.T()), da::matmul(x, x.T())
//   auto g = x.T().dot(x);                 // Gram matrix: symmetric (SYRK) work, half the flops
//   auto t = da::tensordot(a, b, {{1, 2}, {0, 1}});  // contract a's axes 1, 2 with b's 0, 1
//
// Each output chunk is the sum over the contracted chunks of products of chunk pairs. The sum is
// a tree whose every task does the GEMMs of up to split_every pairs into one accumulator that
// starts from the results of up to split_every - 1 child tasks, so no task holds more than
// about 3 x split_every chunks and no task only adds. Terms are always combined in the same
// order, so the result has the same bits at any number of ranks and threads.
//
// A product reads the chunks of a transposed operand's source directly (the GEMM reads them
// transposed), so `x.T().dot(y)` runs no transpose tasks; `x.T().dot(x)` computes only the
// chunks on and above the diagonal (SYRK on the diagonal) and mirrors the others.
//
// Chunks along the contracted axes must match: when they differ, b is rechunked to a's.
// Result dtype: NumPy's promotion (bool with bool stays bool: true where any term is).
// Float products run in OpenBLAS, one BLAS thread per compute thread.
#pragma once

#include <utility>

#include <dtask/array/array.hpp>

namespace dtask::array {

struct ProductOptions {
  int split_every = 4;  // products (and child results) each task of the sum tree combines
};

// Contracts a's axes axes.first[i] with b's axes.second[i] (NumPy's axes=([...], [...])); the
// result has a's other axes then b's. Throws ValueError when the axes are out of range,
// repeated, of unequal counts, or their extents differ.
Array tensordot(const Array& a, const Array& b, const std::pair<Axes, Axes>& axes, const ProductOptions& options = {});
// The last `axes` axes of a with the first `axes` of b.
Array tensordot(const Array& a, const Array& b, int axes = 2, const ProductOptions& options = {});

// numpy.dot: inner product of vectors, matrix products; for N-d, a's last axis with b's second
// to last (its last if b is 1-d). Needs arrays of at least one dimension.
Array dot(const Array& a, const Array& b, const ProductOptions& options = {});

// numpy.matmul for 1-d and 2-d arrays (a 1-d operand is a row, resp. column, vector and that
// axis is removed from the result). Stacks of matrices (3-d and more) are not supported yet.
Array matmul(const Array& a, const Array& b, const ProductOptions& options = {});

}  // namespace dtask::array
