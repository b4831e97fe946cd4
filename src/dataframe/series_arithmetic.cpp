// + - * / and unary minus. Integers wrap on overflow, as NumPy's do; / divides as float64
// (x / 0 is inf or NaN, as in pandas).
#include <cstdint>

#include "series_kernels.hpp"

namespace dtask::dataframe::detail {

namespace {

// Integer arithmetic through uint64 so that overflow wraps instead of being undefined.
template <class T>
constexpr bool is_int = std::is_same_v<T, std::int64_t>;

struct Add {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>) return static_cast<T>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
    else return a + b;
  }
};
struct Sub {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>) return static_cast<T>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
    else return a - b;
  }
};
struct Mul {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>) return static_cast<T>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
    else return a * b;
  }
};
struct Div {
  double operator()(double a, double b) const { return a / b; }
};

template <class T, class Op>
Column apply_as(const Operand& a, const Operand& b, std::size_t rows, Op op) {
  const Numbers<T> x(a.column), y(b.column);
  Column out(column_type_of<T>());
  out.resize(rows);
  T* result = values_mut<T>(out).data();
  with_accessors(x.span(), a.broadcast, y.span(), b.broadcast, [&](auto left, auto right) {
    for (std::size_t i = 0; i < rows; ++i) result[i] = op(left(i), right(i));
  });
  set_missing(out, both_valid(a, b, rows));
  return out;
}

template <class T>
Column apply_typed(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  switch (op) {
    case BinaryOp::add: return apply_as<T>(a, b, rows, Add{});
    case BinaryOp::sub: return apply_as<T>(a, b, rows, Sub{});
    case BinaryOp::mul: return apply_as<T>(a, b, rows, Mul{});
    default: break;
  }
  DTASK_THROW(ValueError, "not an arithmetic operator: " + std::string(symbol(op)));
}

}  // namespace

Column arithmetic(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  const ColumnType type = binary_result_type(op, a.column.type(), b.column.type());
  if (op == BinaryOp::div) return apply_as<double>(a, b, rows, Div{});
  if (type == ColumnType::int64) return apply_typed<std::int64_t>(op, a, b, rows);
  return apply_typed<double>(op, a, b, rows);
}

Column negate(const Column& a) {
  auto apply = [&](auto values) {
    using T = std::remove_const_t<typename decltype(values)::element_type>;
    Column out(column_type_of<T>());
    out.resize(values.size());
    T* result = values_mut<T>(out).data();
    for (std::size_t i = 0; i < values.size(); ++i) {
      if constexpr (is_int<T>) result[i] = Sub{}(T{}, values[i]);
      else result[i] = -values[i];
    }
    if (a.has_nulls()) out.set_validity(a.validity());
    return out;
  };
  switch (a.type()) {
    case ColumnType::int64: return apply(a.int64s());
    case ColumnType::float64: return apply(a.float64s());
    default: break;
  }
  DTASK_THROW(TypeError, "bad operand type for unary -: " + std::string(to_string(a.type())));
}

}  // namespace dtask::dataframe::detail
