// + - * / and unary minus (and + of strings: concatenation). Integers wrap on overflow, as NumPy's
// do; / divides as float64 (x / 0 is inf or NaN, as in pandas).
#include <cstdint>
#include <string>

#include "series_kernels.hpp"

namespace dtask::dataframe::detail {

namespace {

// Integer arithmetic through uint64 so that overflow wraps instead of being undefined.
template <class T>
constexpr bool is_int = std::is_same_v<T, std::int64_t>;

struct Add {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>)
      return static_cast<T>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
    else
      return a + b;
  }
};
struct Sub {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>)
      return static_cast<T>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
    else
      return a - b;
  }
};
struct Mul {
  template <class T>
  T operator()(T a, T b) const {
    if constexpr (is_int<T>)
      return static_cast<T>(static_cast<std::uint64_t>(a) * static_cast<std::uint64_t>(b));
    else
      return a * b;
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
    case BinaryOp::add:
      return apply_as<T>(a, b, rows, Add{});
    case BinaryOp::sub:
      return apply_as<T>(a, b, rows, Sub{});
    case BinaryOp::mul:
      return apply_as<T>(a, b, rows, Mul{});
    default:
      break;
  }
  DTASK_THROW(ValueError, "not an arithmetic operator: " + std::string(symbol(op)));
}

// String + string: the concatenation, as pandas gives it.
template <class Left, class Right>
Column concatenate_rows(Left left, Right right, std::size_t rows, std::size_t bytes) {
  Column out(ColumnType::string);
  out.reserve(rows, bytes);
  std::string joined;
  for (std::size_t i = 0; i < rows; ++i) {
    joined.assign(left(i));
    joined.append(right(i));
    out.append_string(joined);
  }
  return out;
}

Column concatenate(const Operand& a, const Operand& b, std::size_t rows) {
  const auto each = [](const Column& c) {
    return EachString{c.string_offsets().data(), c.string_bytes().data()};
  };
  const auto bytes_of = [&](const Operand& x) {
    return x.broadcast ? rows * x.column.string_at(0).size() : x.column.string_bytes().size();
  };
  const std::size_t bytes = bytes_of(a) + bytes_of(b);
  Column out;
  if (a.broadcast)
    out = concatenate_rows(OneValue<std::string_view>{a.column.string_at(0)}, each(b.column), rows,
                           bytes);
  else if (b.broadcast)
    out = concatenate_rows(each(a.column), OneValue<std::string_view>{b.column.string_at(0)}, rows,
                           bytes);
  else
    out = concatenate_rows(each(a.column), each(b.column), rows, bytes);
  const std::vector<std::uint8_t> valid = both_valid(a, b, rows);
  if (valid.empty()) return out;
  // Missing rows hold "" (the column's invariant): rebuild the rare columns with nulls.
  Column with_nulls(ColumnType::string);
  with_nulls.reserve(rows, bytes);
  for (std::size_t i = 0; i < rows; ++i) {
    if (valid[i])
      with_nulls.append_string(out.string_at(i));
    else
      with_nulls.append_null();
  }
  return with_nulls;
}

}  // namespace

Column arithmetic(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  const ColumnType type = binary_result_type(op, a.column.type(), b.column.type());
  if (type == ColumnType::string) return concatenate(a, b, rows);
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
      if constexpr (is_int<T>)
        result[i] = Sub{}(T{}, values[i]);
      else
        result[i] = -values[i];
    }
    if (a.has_nulls()) out.set_validity(a.validity());
    return out;
  };
  switch (a.type()) {
    case ColumnType::int64:
      return apply(a.int64s());
    case ColumnType::float64:
      return apply(a.float64s());
    default:
      break;
  }
  DTASK_THROW(TypeError, "bad operand type for unary -: " + std::string(to_string(a.type())));
}

}  // namespace dtask::dataframe::detail
