// Seeing through a cheap elementwise operand: products read `x.T() + 1` or `2 * x - 3` as the
// chunks of the one array it is computed from, and run its program on each chunk inside the
// product task, so that no task stores the operand's chunks (8 MB each at 1000^2, written,
// read back and often sent to another worker) only for GEMMs to read them once.
//
// Cheap: a few arithmetic instructions per element (load, constant, cast, negative, add,
// subtract, multiply, divide), against the 2 x (other extent) flops per element of the GEMM
// that reads the chunk, so running it once per product task that reads a chunk costs little
// even though a chunk is read by several tasks.
#pragma once

#include <optional>

#include "expression.hpp"

namespace dtask::array::detail {

struct CheapElementwiseOf {
  Array leaf;  // of x's shape and chunks
  Program program;
};

// x's leaf and program, when x is an elementwise array of one leaf with its own shape and
// chunks (no broadcast) and a cheap program.
std::optional<CheapElementwiseOf> cheap_elementwise_of(const Array& x);

}  // namespace dtask::array::detail
