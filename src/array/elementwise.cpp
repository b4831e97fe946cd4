// The elementwise operations: NumPy's dtype rules for each, then one fused layer
// (elementwise_build.hpp).
#include <dtask/array/elementwise.hpp>

#include "elementwise_build.hpp"

namespace dtask::array {

namespace {

using detail::elementwise;
using detail::result_type;

std::string name_of(DType dtype) { return std::string(dtype_name(dtype)); }

// The float type NumPy computes inexact functions of dtype in (float16 for bool in NumPy).
DType inexact(DType dtype) {
  return dtype == DType::bool_ ? DType::float32 : dtype == DType::int64 ? DType::float64 : dtype;
}

// op on operands converted to `operand`, giving `result`.
Array apply(const std::string& prefix, Op op, const std::vector<Operand>& operands, DType operand, DType result) {
  return elementwise(prefix, operands, [&](ProgramBuilder& b, std::span<const int> r) {
    return b.op(op, result, b.cast(r[0], operand), r.size() > 1 ? b.cast(r[1], operand) : -1);
  });
}

Array unary(const std::string& prefix, Op op, const Array& a, DType operand, DType result) {
  return apply(prefix, op, {a}, operand, result);
}
Array same_type(const std::string& prefix, Op op, const Array& a) { return unary(prefix, op, a, a.dtype(), a.dtype()); }
Array inexact_function(const std::string& prefix, Op op, const Array& a) {
  return unary(prefix, op, a, inexact(a.dtype()), inexact(a.dtype()));
}

Array arithmetic(const std::string& prefix, Op op, const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  const DType type = result_type(both);
  return apply(prefix, op, {a, b}, type, type);
}

Array comparison(const std::string& prefix, Op op, const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  return apply(prefix, op, {a, b}, result_type(both), DType::bool_);
}

// & and |: NumPy's bitwise operators, defined on bool and int64 only.
Array bitwise(const std::string& prefix, const char* symbol, Op op, const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  const DType type = result_type(both);
  if (is_floating(type)) {
    DTASK_THROW(TypeError, std::string(symbol) + " is bitwise and needs bool or int64 operands, not " + name_of(type) +
                               "; use logical_" + prefix.substr(8) + " for truth values");
  }
  return apply(prefix, op, {a, b}, type, type);
}

void refuse_bool(const Array& a, const std::string& what, const std::string& instead) {
  if (a.dtype() == DType::bool_) DTASK_THROW(TypeError, what + " is not supported on bool arrays; " + instead);
}

}  // namespace

Array operator+(const Operand& a, const Operand& b) { return add(a, b); }
Array operator-(const Operand& a, const Operand& b) { return subtract(a, b); }
Array operator*(const Operand& a, const Operand& b) { return multiply(a, b); }
Array operator/(const Operand& a, const Operand& b) { return divide(a, b); }
Array operator-(const Array& a) { return negative(a); }

Array add(const Operand& a, const Operand& b) { return arithmetic("add", Op::add, a, b); }
Array multiply(const Operand& a, const Operand& b) { return arithmetic("mul", Op::multiply, a, b); }

Array subtract(const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  if (result_type(both) == DType::bool_) {
    DTASK_THROW(TypeError, "subtracting bool arrays is not supported (as NumPy); use logical_xor: (a | b) & ~(a & b)");
  }
  return arithmetic("sub", Op::subtract, a, b);
}

Array divide(const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  const DType type = inexact(result_type(both));
  return apply("truediv", Op::divide, {a, b}, type, type);
}

Array negative(const Array& a) {
  refuse_bool(a, "negation (unary -)", "use ~ or logical_not");
  return same_type("neg", Op::negative, a);
}

Array power(const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  const DType type = result_type(both) == DType::bool_ ? DType::int64 : result_type(both);
  return apply("pow", Op::power, {a, b}, type, type);
}
Array pow(const Operand& a, const Operand& b) { return power(a, b); }

Array maximum(const Operand& a, const Operand& b) { return arithmetic("maximum", Op::maximum, a, b); }
Array minimum(const Operand& a, const Operand& b) { return arithmetic("minimum", Op::minimum, a, b); }

Array clip(const Array& a, const Operand& low, const Operand& high) {
  const Operand all[] = {a, low, high};
  const DType type = result_type(all);
  return elementwise("clip", {a, low, high}, [&](ProgramBuilder& b, std::span<const int> r) {
    const int above = b.op(Op::maximum, type, b.cast(r[0], type), b.cast(r[1], type));
    return b.op(Op::minimum, type, above, b.cast(r[2], type));
  });
}

Array operator==(const Operand& a, const Operand& b) { return equal(a, b); }
Array operator!=(const Operand& a, const Operand& b) { return not_equal(a, b); }
Array operator<(const Operand& a, const Operand& b) { return less(a, b); }
Array operator<=(const Operand& a, const Operand& b) { return less_equal(a, b); }
Array operator>(const Operand& a, const Operand& b) { return greater(a, b); }
Array operator>=(const Operand& a, const Operand& b) { return greater_equal(a, b); }
Array equal(const Operand& a, const Operand& b) { return comparison("eq", Op::equal, a, b); }
Array not_equal(const Operand& a, const Operand& b) { return comparison("ne", Op::not_equal, a, b); }
Array less(const Operand& a, const Operand& b) { return comparison("lt", Op::less, a, b); }
Array less_equal(const Operand& a, const Operand& b) { return comparison("le", Op::less_equal, a, b); }
Array greater(const Operand& a, const Operand& b) { return comparison("gt", Op::greater, a, b); }
Array greater_equal(const Operand& a, const Operand& b) { return comparison("ge", Op::greater_equal, a, b); }

Array operator&(const Operand& a, const Operand& b) { return bitwise("bitwise_and", "&", Op::bitwise_and, a, b); }
Array operator|(const Operand& a, const Operand& b) { return bitwise("bitwise_or", "|", Op::bitwise_or, a, b); }
Array operator~(const Array& a) {
  if (is_floating(a.dtype())) DTASK_THROW(TypeError, "~ is bitwise and needs a bool or int64 array, not " + name_of(a.dtype()));
  return same_type("invert", Op::invert, a);
}

Array logical_and(const Operand& a, const Operand& b) {
  return apply("logical_and", Op::bitwise_and, {a, b}, DType::bool_, DType::bool_);
}
Array logical_or(const Operand& a, const Operand& b) {
  return apply("logical_or", Op::bitwise_or, {a, b}, DType::bool_, DType::bool_);
}
Array logical_not(const Operand& a) { return apply("logical_not", Op::invert, {a}, DType::bool_, DType::bool_); }

Array where(const Operand& cond, const Operand& a, const Operand& b) {
  const Operand both[] = {a, b};
  const DType type = result_type(both);
  return elementwise("where", {cond, a, b}, [&](ProgramBuilder& p, std::span<const int> r) {
    return p.op(Op::where, type, p.cast(r[0], DType::bool_), p.cast(r[1], type), p.cast(r[2], type));
  });
}

Array abs(const Array& a) { return same_type("absolute", Op::absolute, a); }
Array absolute(const Array& a) { return abs(a); }
Array sqrt(const Array& a) { return inexact_function("sqrt", Op::sqrt, a); }
Array exp(const Array& a) { return inexact_function("exp", Op::exp, a); }
Array log(const Array& a) { return inexact_function("log", Op::log, a); }
Array log1p(const Array& a) { return inexact_function("log1p", Op::log1p, a); }
Array expm1(const Array& a) { return inexact_function("expm1", Op::expm1, a); }
Array sin(const Array& a) { return inexact_function("sin", Op::sin, a); }
Array cos(const Array& a) { return inexact_function("cos", Op::cos, a); }
Array tan(const Array& a) { return inexact_function("tan", Op::tan, a); }
Array arcsin(const Array& a) { return inexact_function("arcsin", Op::arcsin, a); }
Array arccos(const Array& a) { return inexact_function("arccos", Op::arccos, a); }
Array arctan(const Array& a) { return inexact_function("arctan", Op::arctan, a); }
Array sinh(const Array& a) { return inexact_function("sinh", Op::sinh, a); }
Array cosh(const Array& a) { return inexact_function("cosh", Op::cosh, a); }
Array tanh(const Array& a) { return inexact_function("tanh", Op::tanh, a); }
Array floor(const Array& a) { return inexact_function("floor", Op::floor, a); }
Array ceil(const Array& a) { return inexact_function("ceil", Op::ceil, a); }
Array round(const Array& a) { return a.dtype() == DType::int64 ? a : inexact_function("round", Op::rint, a); }

Array square(const Array& a) {
  const DType type = a.dtype() == DType::bool_ ? DType::int64 : a.dtype();
  return unary("square", Op::square, a, type, type);
}

Array sign(const Array& a) {
  refuse_bool(a, "sign", "convert with astype first");
  return same_type("sign", Op::sign, a);
}

Array isnan(const Array& a) { return unary("isnan", Op::isnan, a, a.dtype(), DType::bool_); }
Array isinf(const Array& a) { return unary("isinf", Op::isinf, a, a.dtype(), DType::bool_); }
Array isfinite(const Array& a) { return unary("isfinite", Op::isfinite, a, a.dtype(), DType::bool_); }

Array astype(const Array& a, DType dtype) {
  return elementwise("astype", {a}, [&](ProgramBuilder& b, std::span<const int> r) { return b.cast(r[0], dtype); });
}
Array Array::astype(DType dtype) const { return array::astype(*this, dtype); }

Array broadcast_to(const Array& x, const Shape& shape, const std::optional<ChunkSpec>& chunks) {
  if (shape.size() < x.ndim() || broadcast_shapes({x.shape(), shape}) != shape) {
    DTASK_THROW(ValueError, "cannot broadcast an array of shape " + to_string(x.shape()) + " to shape " + to_string(shape));
  }
  detail::Layout layout{shape, Chunks(shape.size())};
  const std::size_t lead = shape.size() - x.ndim();
  for (std::size_t axis = 0; axis < shape.size(); ++axis) {
    const bool own = axis >= lead && x.shape()[axis - lead] == shape[axis];
    layout.chunks[axis] = own ? x.chunks()[axis - lead] : std::vector<std::int64_t>{shape[axis]};
  }
  if (chunks) layout.chunks = normalize_chunks(*chunks, shape, itemsize(x.dtype()), layout.chunks);
  return elementwise("broadcast_to", layout, {x}, [](ProgramBuilder&, std::span<const int> r) { return r[0]; });
}

}  // namespace dtask::array
