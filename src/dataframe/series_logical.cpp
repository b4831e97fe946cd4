// & | ~ on bools, with Kleene's logic for missing values as pandas' nullable booleans: a
// missing side decides nothing unless the other side does (false & NA is false, true | NA is
// true; the rest with NA is NA). ~ on int64 is the bitwise not, as in pandas.
#include "series_kernels.hpp"

namespace dtask::dataframe::detail {

namespace {

struct And {
  static constexpr std::uint8_t decisive = 0;  // false & anything is false
  std::uint8_t operator()(std::uint8_t a, std::uint8_t b) const { return a & b; }
};
struct Or {
  static constexpr std::uint8_t decisive = 1;  // true | anything is true
  std::uint8_t operator()(std::uint8_t a, std::uint8_t b) const { return a | b; }
};

template <class Op>
Column apply(const Operand& a, const Operand& b, std::size_t rows, Op op) {
  Column out(ColumnType::boolean);
  out.resize(rows);
  std::uint8_t* result = out.bools_mut().data();
  with_accessors(a.column.bools(), a.broadcast, b.column.bools(), b.broadcast,
                 [&](auto left, auto right) {
                   for (std::size_t i = 0; i < rows; ++i) result[i] = op(left(i), right(i));
                 });
  std::vector<std::uint8_t> valid = both_valid(a, b, rows);
  if (!valid.empty()) {
    // A row missing on one side is still known when the other side is valid and decisive.
    const std::uint8_t* x = a.column.bools().data();
    const std::uint8_t* y = b.column.bools().data();
    for (std::size_t i = 0; i < rows; ++i) {
      if (valid[i]) continue;
      const bool a_decides =
          a.broadcast ? x[0] == Op::decisive : a.column.is_valid(i) && x[i] == Op::decisive;
      const bool b_decides =
          b.broadcast ? y[0] == Op::decisive : b.column.is_valid(i) && y[i] == Op::decisive;
      if (a_decides || b_decides) {
        valid[i] = 1;
        result[i] = Op::decisive;
      }
    }
  }
  set_missing(out, std::move(valid));
  return out;
}

}  // namespace

Column logical(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  binary_result_type(op, a.column.type(), b.column.type());
  if (op == BinaryOp::and_) return apply(a, b, rows, And{});
  if (op == BinaryOp::or_) return apply(a, b, rows, Or{});
  DTASK_THROW(ValueError, "not a logical operator: " + std::string(symbol(op)));
}

Column invert(const Column& a) {
  Column out(a.type());
  out.resize(a.size());
  if (a.type() == ColumnType::boolean) {
    const auto values = a.bools();
    std::uint8_t* result = out.bools_mut().data();
    for (std::size_t i = 0; i < values.size(); ++i) result[i] = values[i] ^ 1;
  } else if (a.type() == ColumnType::int64) {
    const auto values = a.int64s();
    std::int64_t* result = out.int64s_mut().data();
    for (std::size_t i = 0; i < values.size(); ++i) result[i] = ~values[i];
  } else {
    DTASK_THROW(TypeError, "bad operand type for unary ~: " + std::string(to_string(a.type())));
  }
  std::vector<std::uint8_t> valid;
  if (a.has_nulls()) valid = a.validity();
  set_missing(out, std::move(valid));
  return out;
}

}  // namespace dtask::dataframe::detail
