// == != < <= > >=: numbers compare as int64 when both sides are integers or bools (exact), as
// float64 otherwise (NaN compares unequal to everything, as in NumPy); strings compare bytewise.
#include <functional>

#include "series_kernels.hpp"

namespace dtask::dataframe::detail {

namespace {

template <class Left, class Right, class Cmp>
Column compare_rows(Left left, Right right, std::size_t rows, Cmp cmp) {
  Column out(ColumnType::boolean);
  out.resize(rows);
  std::uint8_t* result = out.bools_mut().data();
  for (std::size_t i = 0; i < rows; ++i) result[i] = cmp(left(i), right(i)) ? 1 : 0;
  return out;
}

template <class Cmp>
Column compare_strings(const Operand& a, const Operand& b, std::size_t rows, Cmp cmp) {
  const auto each = [](const Column& c) {
    return EachString{c.string_offsets().data(), c.string_bytes().data()};
  };
  if (a.broadcast)
    return compare_rows(OneValue<std::string_view>{a.column.string_at(0)}, each(b.column), rows,
                        cmp);
  if (b.broadcast)
    return compare_rows(each(a.column), OneValue<std::string_view>{b.column.string_at(0)}, rows,
                        cmp);
  return compare_rows(each(a.column), each(b.column), rows, cmp);
}

template <class T, class Cmp>
Column compare_numbers(const Operand& a, const Operand& b, std::size_t rows, Cmp cmp) {
  const Numbers<T> x(a.column), y(b.column);
  Column out;
  with_accessors(x.span(), a.broadcast, y.span(), b.broadcast,
                 [&](auto left, auto right) { out = compare_rows(left, right, rows, cmp); });
  return out;
}

template <class Cmp>
Column compare_with(const Operand& a, const Operand& b, std::size_t rows, Cmp cmp) {
  const ColumnType x = a.column.type(), y = b.column.type();
  if (x == ColumnType::string) return compare_strings(a, b, rows, cmp);
  if (x != ColumnType::float64 && y != ColumnType::float64)
    return compare_numbers<std::int64_t>(a, b, rows, cmp);
  return compare_numbers<double>(a, b, rows, cmp);
}

}  // namespace

Column comparison(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows) {
  binary_result_type(op, a.column.type(), b.column.type());
  Column out;
  switch (op) {
    case BinaryOp::eq:
      out = compare_with(a, b, rows, std::equal_to<>{});
      break;
    case BinaryOp::ne:
      out = compare_with(a, b, rows, std::not_equal_to<>{});
      break;
    case BinaryOp::lt:
      out = compare_with(a, b, rows, std::less<>{});
      break;
    case BinaryOp::le:
      out = compare_with(a, b, rows, std::less_equal<>{});
      break;
    case BinaryOp::gt:
      out = compare_with(a, b, rows, std::greater<>{});
      break;
    case BinaryOp::ge:
      out = compare_with(a, b, rows, std::greater_equal<>{});
      break;
    default:
      DTASK_THROW(ValueError, "not a comparison: " + std::string(symbol(op)));
  }
  set_missing(out, both_valid(a, b, rows));
  return out;
}

}  // namespace dtask::dataframe::detail
