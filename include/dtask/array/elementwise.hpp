// Elementwise operations on arrays, as NumPy's ufuncs on dask arrays: arithmetic, comparisons,
// logic, unary math, where, clip, astype, broadcasting, and map_blocks for user functions.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({20000, 20000}, {1000, 1000});
//   auto y = da::sin(x) * da::sin(x) + da::cos(x) * da::cos(x);   // one task per chunk
//   auto big = da::where(x > 0.5, x, 0.0);
//
// Operands are arrays or C++ numbers. Shapes broadcast as NumPy's; inputs of different chunking
// are rechunked to the common refinement of their chunks. Result dtypes follow NumPy 2 (NEP 50):
// array dtypes promote as numpy.promote_types, and a number is "weak", as a Python scalar: it
// does not widen an array of its own kind or a higher one (float32 array * 2.0 is float32,
// int64 array + 1 is int64, int64 array * 0.5 is float64, bool array + 1 is int64). Every C++
// floating type counts as a Python float, every integer type as a Python int.
// Where NumPy would answer with a dtype dtask does not have, the next larger one is used:
// float16 -> float32 (sqrt or / of bool), int8 -> int64 (square or power of bool).
//
// Fusion: each result carries its expression, and an elementwise operation on it folds that
// expression into its own tasks, which read the chunks of the original inputs; a chain of
// operations is one task per chunk that walks the chunk in small tiles.
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <dtask/array/array.hpp>
#include <dtask/core/function.hpp>

namespace dtask::array {

// A number as an operand: its kind (bool, int64 or float64) and value.
struct Scalar {
  DType kind;
  double number = 0;
  std::int64_t integer = 0;

  template <class T>
    requires std::is_arithmetic_v<T>
  Scalar(T value)  // NOLINT(google-explicit-constructor)
      : kind(std::is_same_v<T, bool> ? DType::bool_ : std::is_integral_v<T> ? DType::int64 : DType::float64),
        number(static_cast<double>(value)), integer(std::is_integral_v<T> ? static_cast<std::int64_t>(value) : 0) {}
};

// An array or a number, so that every operation takes either on any side.
class Operand {
 public:
  Operand(Array array) : value_(std::move(array)) {}  // NOLINT(google-explicit-constructor)
  template <class T>
    requires std::is_arithmetic_v<T>
  Operand(T value) : value_(Scalar(value)) {}  // NOLINT(google-explicit-constructor)

  const Array* array() const { return std::get_if<Array>(&value_); }
  const Scalar* scalar() const { return std::get_if<Scalar>(&value_); }

 private:
  std::variant<Array, Scalar> value_;
};

// numpy.broadcast_shapes; throws ValueError naming the shapes that do not broadcast.
Shape broadcast_shapes(const std::vector<Shape>& shapes);
// x repeated along new leading axes and along its axes of extent 1, as numpy.broadcast_to: every
// output block reads the one block of x it needs, and nothing is copied in the graph. Chunks
// default to x's on the axes x has, and one chunk along repeated axes (as Dask); when given,
// x is rechunked to them where needed.
Array broadcast_to(const Array& x, const Shape& shape, const std::optional<ChunkSpec>& chunks = std::nullopt);

// Arithmetic: / is true division (integers give float64); - on bool is a TypeError, as NumPy.
Array operator+(const Operand& a, const Operand& b);
Array operator-(const Operand& a, const Operand& b);
Array operator*(const Operand& a, const Operand& b);
Array operator/(const Operand& a, const Operand& b);
Array operator-(const Array& a);
Array add(const Operand& a, const Operand& b);
Array subtract(const Operand& a, const Operand& b);
Array multiply(const Operand& a, const Operand& b);
Array divide(const Operand& a, const Operand& b);
Array negative(const Array& a);
Array power(const Operand& a, const Operand& b);
Array pow(const Operand& a, const Operand& b);
Array maximum(const Operand& a, const Operand& b);  // NaN wins, as numpy.maximum
Array minimum(const Operand& a, const Operand& b);
Array clip(const Array& a, const Operand& low, const Operand& high);

// Comparisons give bool arrays.
Array operator==(const Operand& a, const Operand& b);
Array operator!=(const Operand& a, const Operand& b);
Array operator<(const Operand& a, const Operand& b);
Array operator<=(const Operand& a, const Operand& b);
Array operator>(const Operand& a, const Operand& b);
Array operator>=(const Operand& a, const Operand& b);
Array equal(const Operand& a, const Operand& b);
Array not_equal(const Operand& a, const Operand& b);
Array less(const Operand& a, const Operand& b);
Array less_equal(const Operand& a, const Operand& b);
Array greater(const Operand& a, const Operand& b);
Array greater_equal(const Operand& a, const Operand& b);

// & | ~ are NumPy's bitwise operators: logical on bool, bitwise on int64, a TypeError on
// floats. The logical_ functions take any dtype (non-zero is true) and give bool.
Array operator&(const Operand& a, const Operand& b);
Array operator|(const Operand& a, const Operand& b);
Array operator~(const Array& a);
Array logical_and(const Operand& a, const Operand& b);
Array logical_or(const Operand& a, const Operand& b);
Array logical_not(const Operand& a);

// cond ? a : b elementwise (cond of any dtype: non-zero is true), broadcast together.
Array where(const Operand& cond, const Operand& a, const Operand& b);

// Unary math. Float inputs keep float32 or float64; int64 gives float64 for the functions that
// are not exact on integers (bool gives float32), as NumPy.
Array abs(const Array& a);
Array absolute(const Array& a);
Array sqrt(const Array& a);
Array exp(const Array& a);
Array log(const Array& a);
Array log1p(const Array& a);
Array expm1(const Array& a);
Array sin(const Array& a);
Array cos(const Array& a);
Array tan(const Array& a);
Array arcsin(const Array& a);
Array arccos(const Array& a);
Array arctan(const Array& a);
Array sinh(const Array& a);
Array cosh(const Array& a);
Array tanh(const Array& a);
Array floor(const Array& a);
Array ceil(const Array& a);
Array round(const Array& a);  // halves to even; integers unchanged
Array square(const Array& a);
Array sign(const Array& a);
Array isnan(const Array& a);
Array isinf(const Array& a);
Array isfinite(const Array& a);

Array astype(const Array& a, DType dtype);

// f applied to aligned blocks of the arrays, as dask.array.map_blocks: block (i, j) of the
// result is f(block (i, j) of each array), after broadcasting the arrays' block grids (an axis
// of extent 1 gives its one block to every output block) and rechunking them to common chunks.
// f must be registered (DTASK_FUNCTIONS(f)). The result has dtype `dtype`; without one, f is
// called once on empty chunks to learn it. chunks are the result's chunk sizes when f changes
// the block shapes (as many blocks per axis as the inputs' grid); by default the inputs'.
// A block of another shape than promised is an error when the task runs.
// "= {}": a designated initialiser may leave a member out without -Wmissing-field-initializers.
struct MapBlocksOptions {
  std::optional<DType> dtype = {};
  std::optional<Chunks> chunks = {};
};
Array map_blocks(const Function& f, const std::vector<Array>& arrays, const MapBlocksOptions& options = {});

template <class... Params>
  requires(std::same_as<std::remove_cvref_t<Params>, Chunk> && ...)
Array map_blocks(Chunk (*f)(Params...), const std::vector<Array>& arrays, const MapBlocksOptions& options = {}) {
  const Function* function = find_function(reinterpret_cast<RawFunction>(f));
  if (!function) DTASK_THROW(ValueError, "map_blocks needs a registered function: add DTASK_FUNCTIONS(f)");
  return map_blocks(*function, arrays, options);
}

}  // namespace dtask::array
