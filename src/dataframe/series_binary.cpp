// The binary Series operators: type rules at graph time, one task per partition at run time.
// A Scalar travels to its tasks as a one-row Column, so that Series op Series and Series op
// Scalar run the same kernels (with a broadcast accessor for the scalar side).
#include <array>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>

#include "series_kernels.hpp"
#include "series_layer.hpp"

namespace dtask::dataframe {

namespace detail {

namespace {

constexpr std::array<std::string_view, 12> symbols = {
    "+", "-", "*", "/", "==", "!=", "<", "<=", ">", ">=", "&", "|"};
constexpr std::array<std::string_view, 12> prefixes = {"add", "sub", "mul", "truediv", "eq",  "ne",
                                                       "lt",  "le",  "gt",  "ge",      "and", "or"};

bool is_number(ColumnType t) { return t != ColumnType::string; }

[[noreturn]] void refuse(BinaryOp op, ColumnType a, ColumnType b) {
  DTASK_THROW(TypeError, "unsupported operand types for " + std::string(symbol(op)) + ": " +
                             std::string(to_string(a)) + " and " + std::string(to_string(b)));
}

}  // namespace

std::string_view symbol(BinaryOp op) { return symbols[static_cast<std::size_t>(op)]; }
std::string_view prefix(BinaryOp op) { return prefixes[static_cast<std::size_t>(op)]; }
bool is_comparison(BinaryOp op) { return op >= BinaryOp::eq && op <= BinaryOp::ge; }
bool is_logical(BinaryOp op) { return op == BinaryOp::and_ || op == BinaryOp::or_; }

ColumnType binary_result_type(BinaryOp op, ColumnType a, ColumnType b) {
  if (is_logical(op)) {
    if (a != ColumnType::boolean || b != ColumnType::boolean) refuse(op, a, b);
    return ColumnType::boolean;
  }
  if (is_comparison(op)) {
    if ((a == ColumnType::string) != (b == ColumnType::string)) refuse(op, a, b);
    return ColumnType::boolean;
  }
  if (op == BinaryOp::add && a == ColumnType::string && b == ColumnType::string)
    return ColumnType::string;
  if (!is_number(a) || !is_number(b)) refuse(op, a, b);
  if (op == BinaryOp::div || a == ColumnType::float64 || b == ColumnType::float64)
    return ColumnType::float64;
  return ColumnType::int64;
}

std::vector<std::uint8_t> both_valid(const Operand& a, const Operand& b, std::size_t rows) {
  const bool a_nulls = !a.broadcast && a.column.has_nulls();
  const bool b_nulls = !b.broadcast && b.column.has_nulls();
  if (!a_nulls && !b_nulls) return {};
  if (!b_nulls) return a.column.validity();
  if (!a_nulls) return b.column.validity();
  std::vector<std::uint8_t> valid(rows);
  const std::uint8_t* x = a.column.validity().data();
  const std::uint8_t* y = b.column.validity().data();
  for (std::size_t i = 0; i < rows; ++i) valid[i] = x[i] & y[i];
  return valid;
}

void set_missing(Column& out, std::vector<std::uint8_t> valid) {
  if (valid.empty()) return;
  auto clear = [&](auto& values) {
    using T = std::remove_reference_t<decltype(values[0])>;
    for (std::size_t i = 0; i < valid.size(); ++i) values[i] = valid[i] ? values[i] : T{};
  };
  switch (out.type()) {
    case ColumnType::int64:
      clear(out.int64s_mut());
      break;
    case ColumnType::float64:
      clear(out.float64s_mut());
      break;
    case ColumnType::boolean:
      clear(out.bools_mut());
      break;
    case ColumnType::string:
      DTASK_THROW(TypeError, "set_missing on a string column");
  }
  out.set_validity(std::move(valid));
}

}  // namespace detail

namespace {

using detail::BinaryOp;
using detail::Operand;

Column apply(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  if (detail::is_logical(op)) return detail::logical(op, a, b, rows);
  if (detail::is_comparison(op)) return detail::comparison(op, a, b, rows);
  return detail::arithmetic(op, a, b, rows);
}

Table series_op_series(const Table& a, const Table& b, std::int64_t code) {
  const auto op = static_cast<BinaryOp>(code);
  detail::check_same_rows(a, b, "Series " + std::string(detail::symbol(op)) + " Series");
  const Column& x = detail::value_column(a);
  const Column& y = detail::value_column(b);
  detail::binary_result_type(op, x.type(), y.type());
  return detail::with_values(a, a.names().back(), apply(op, {x, false}, {y, false}, a.rows()));
}

Table series_op_scalar(const Table& a, const Column& scalar, std::int64_t code) {
  const auto op = static_cast<BinaryOp>(code);
  return detail::with_values(a, a.names().back(),
                             apply(op, {detail::value_column(a), false}, {scalar, true}, a.rows()));
}

Table scalar_op_series(const Column& scalar, const Table& b, std::int64_t code) {
  const auto op = static_cast<BinaryOp>(code);
  return detail::with_values(b, b.names().back(),
                             apply(op, {scalar, true}, {detail::value_column(b), false}, b.rows()));
}

const Function& series_series_function =
    register_function("dataframe.series_op_series", &series_op_series);
const Function& series_scalar_function =
    register_function("dataframe.series_op_scalar", &series_op_scalar);
const Function& scalar_series_function =
    register_function("dataframe.scalar_op_series", &scalar_op_series);

Column scalar_column(const Scalar& s) {
  return std::visit(
      [](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>)
          return Column::of_bools({static_cast<std::uint8_t>(v)});
        else
          return Column::of(std::vector<V>{v});
      },
      s.value());
}

Series binary(BinaryOp op, const Series& a, const Series& b) {
  const std::string what = "Series " + std::string(detail::symbol(op)) + " Series";
  detail::check_same_partitioning(a.frame(), b.frame(), what);
  const ColumnType type = detail::binary_result_type(op, a.dtype(), b.dtype());
  const auto code = static_cast<std::int64_t>(op);
  return detail::series_layer(
      std::string(detail::prefix(op)), detail::series_schema(a.frame().meta(), a.name(), type),
      a.npartitions(), {a.frame(), b.frame()}, [&](std::int64_t i) {
        return Task(series_series_function, {a.frame().key(i), b.frame().key(i), Value(code)});
      });
}

Series binary(BinaryOp op, const Series& a, const Scalar& b) {
  Column scalar = scalar_column(b);
  const ColumnType type = detail::binary_result_type(op, a.dtype(), scalar.type());
  const Value literal(std::move(scalar));
  const auto code = static_cast<std::int64_t>(op);
  return detail::series_layer(
      std::string(detail::prefix(op)), detail::series_schema(a.frame().meta(), a.name(), type),
      a.npartitions(), {a.frame()}, [&](std::int64_t i) {
        return Task(series_scalar_function, {a.frame().key(i), literal, Value(code)});
      });
}

Series binary(BinaryOp op, const Scalar& a, const Series& b) {
  Column scalar = scalar_column(a);
  const ColumnType type = detail::binary_result_type(op, scalar.type(), b.dtype());
  const Value literal(std::move(scalar));
  const auto code = static_cast<std::int64_t>(op);
  return detail::series_layer(
      std::string(detail::prefix(op)), detail::series_schema(b.frame().meta(), b.name(), type),
      b.npartitions(), {b.frame()}, [&](std::int64_t i) {
        return Task(scalar_series_function, {literal, b.frame().key(i), Value(code)});
      });
}

}  // namespace

#define DTASK_SERIES_BINARY(op, code)                                                           \
  Series operator op(const Series& a, const Series& b) { return binary(BinaryOp::code, a, b); } \
  Series operator op(const Series& a, const Scalar& b) { return binary(BinaryOp::code, a, b); } \
  Series operator op(const Scalar& a, const Series& b) { return binary(BinaryOp::code, a, b); }
DTASK_SERIES_BINARY(+, add)
DTASK_SERIES_BINARY(-, sub)
DTASK_SERIES_BINARY(*, mul)
DTASK_SERIES_BINARY(/, div)
DTASK_SERIES_BINARY(==, eq)
DTASK_SERIES_BINARY(!=, ne)
DTASK_SERIES_BINARY(<, lt)
DTASK_SERIES_BINARY(<=, le)
DTASK_SERIES_BINARY(>, gt)
DTASK_SERIES_BINARY(>=, ge)
DTASK_SERIES_BINARY(&, and_)
DTASK_SERIES_BINARY(|, or_)
#undef DTASK_SERIES_BINARY

}  // namespace dtask::dataframe
