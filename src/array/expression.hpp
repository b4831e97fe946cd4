// Fused elementwise expressions: how a chain of elementwise operations becomes one task per chunk.
//
// An elementwise array carries an Expression: the arrays it reads (its leaves) and a Program
// over their chunks. A later elementwise operation on it appends that program to its own and
// reads the leaves' chunks, so (sin(x) * sin(x) + cos(x) * cos(x)) is one task per chunk that
// reads x's chunk once; the intermediate arrays never enter its graph.
//
// Program format (a Value: Boost-serialised, sent with each task):
//   code[i] is one Instruction; it defines register i, of dtype code[i].dtype. Operands a, b, c
//   name earlier registers. The result is the last register.
//     load      a = leaf index: the leaf's chunk, broadcast to the output block (NumPy rules:
//               trailing axes aligned, extent-1 and missing axes repeated)
//     constant  the value `number` (float dtypes) or `integer` (int64, bool), on every element
//     cast      a converted to dtype (to bool: a != 0; float to int64: NaN and out of range
//               give INT64_MIN, as NumPy on x86)
//     unary     a -> dtype: negative ... invert
//     binary    a, b (the same dtype) -> dtype: add ... bitwise_or
//     where     a (bool) ? b : c
// Operands of an instruction always have one dtype: the builder inserts the casts NumPy's
// promotion implies. Equal instructions are made once, so a sub-expression used twice (x in
// x * x) is loaded or computed once.
//
// evaluate() runs a program over an output block in tiles of tile_elements elements: every
// register holds one tile (a few KB, so temporaries stay in L1/L2) and each instruction is one
// tight loop over the tile. Loads of leaves with the output's shape point into the leaf's chunk.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <type_traits>
#include <vector>

#include <dtask/array/array.hpp>
#include <dtask/core/chunk.hpp>

namespace dtask::array {

enum class Op : std::uint8_t {
  load, constant, cast,
  // unary
  negative, absolute, sqrt, exp, log, log1p, expm1, sin, cos, tan, arcsin, arccos, arctan, sinh,
  cosh, tanh, floor, ceil, rint, square, sign, isnan, isinf, isfinite, invert,
  // binary
  add, subtract, multiply, divide, power, maximum, minimum, equal, not_equal, less, less_equal,
  greater, greater_equal, bitwise_and, bitwise_or,
  // ternary
  where
};

struct Instruction {
  Op op = Op::constant;
  DType dtype = DType::float64;  // of the register it defines
  std::int32_t a = -1, b = -1, c = -1;
  double number = 0;
  std::int64_t integer = 0;

  bool operator==(const Instruction&) const = default;

  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar& op& dtype& a& b& c& number& integer;
  }
};

struct Program {
  std::vector<Instruction> code;

  DType dtype() const { return code.back().dtype; }

  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar& code;
  }
};

// One element converted as NumPy's astype converts it (see cast above).
template <class To, class From>
To convert(From x) {
  if constexpr (std::is_same_v<To, bool>) {
    return x != From(0);
  } else if constexpr (std::is_integral_v<To> && std::is_floating_point_v<From>) {
    constexpr double limit = 9223372036854775808.0;  // 2^63
    return x >= -limit && x < limit ? static_cast<To>(x) : std::numeric_limits<To>::min();
  } else {
    return static_cast<To>(x);
  }
}

// Elements per tile: 4 KB of float64 per register.
inline constexpr std::int64_t tile_elements = 512;

// The output block of the given shape: program run over the leaves' chunks (in leaf order).
Chunk evaluate(const Program& program, const Shape& block_shape, const std::vector<Chunk>& leaves);

// An elementwise array's recipe: leaves aligned with its blocks (see load above), and a program.
class Expression {
 public:
  Expression(std::vector<Array> leaves, Program program)
      : leaves_(std::move(leaves)), program_(std::move(program)) {}

  const std::vector<Array>& leaves() const noexcept { return leaves_; }
  const Program& program() const noexcept { return program_; }

 private:
  std::vector<Array> leaves_;
  Program program_;
};

// Builds one program: registers are ints; equal instructions are shared.
class ProgramBuilder {
 public:
  int load(const Array& leaf);  // the same leaf (by name) is loaded once
  int constant(DType dtype, double number, std::int64_t integer);
  // Appends an expression's program with its leaves passed through align; returns its result.
  int append(const Expression& expression, const std::function<Array(const Array&)>& align);
  int cast(int reg, DType dtype);  // reg itself when it has that dtype already
  int op(Op op, DType dtype, int a, int b = -1, int c = -1);

  DType dtype(int reg) const { return program_.code[static_cast<std::size_t>(reg)].dtype; }

  // The expression computing register result: only the instructions and leaves it needs.
  Expression finish(int result) const;

 private:
  int add(const Instruction& instruction);

  std::vector<Array> leaves_;
  Program program_;
};

}  // namespace dtask::array
