// How elementwise operations become arrays: the output layout of broadcast operands (shape and
// common chunks), operands aligned to it, and one fused layer per operation (expression.hpp).
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <dtask/array/elementwise.hpp>

#include "expression.hpp"

namespace dtask::array::detail {

struct Layout {
  Shape shape;
  Chunks chunks;
};

// The broadcast shape of the arrays and, per axis, the common refinement of the chunks of the
// arrays that are not repeated along it. Throws ValueError naming the shapes that do not
// broadcast.
Layout broadcast_layout(const std::vector<Array>& arrays);

// x rechunked (where needed) so that its blocks line up with the layout's: its chunks equal the
// layout's on every axis where x is not of extent 1.
Array align(const Array& x, const Chunks& chunks);

// Block index of x read by the output block `block` (x broadcast to the output).
Shape source_block(const Array& x, const Shape& block);

// NumPy 2's result dtype of the operands, numbers being weak (see elementwise.hpp).
DType result_type(std::span<const Operand> operands);

// Registers holding the operands (arrays aligned and their expressions folded in; numbers as
// constants of their kind) are passed to emit, which returns the result register.
using Emit = std::function<int(ProgramBuilder&, std::span<const int>)>;

// An elementwise array named prefix-N over the operands' broadcast layout.
Array elementwise(const std::string& prefix, const std::vector<Operand>& operands, const Emit& emit);
// The same with the output layout given (broadcast_to).
Array elementwise(const std::string& prefix, const Layout& layout, const std::vector<Operand>& operands,
                  const Emit& emit);

}  // namespace dtask::array::detail
