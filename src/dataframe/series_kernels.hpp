// The elementwise kernels of Series operators (private to src/dataframe). An operand is a column
// of the partition's rows or one value broadcast to every row (a Scalar); the kernels are
// templates over the operator and the element type, so each runs as one tight loop over the
// columnar buffers, and validity is combined in a separate pass only when a side has nulls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <dtask/core/column.hpp>

namespace dtask::dataframe::detail {

enum class BinaryOp : std::int64_t { add, sub, mul, div, eq, ne, lt, le, gt, ge, and_, or_ };

std::string_view symbol(BinaryOp op);  // "+", "==", ...: for messages
std::string_view prefix(BinaryOp op);  // "add", "eq", ...: for task keys
bool is_comparison(BinaryOp op);
bool is_logical(BinaryOp op);

// The type of `a op b`, as pandas gives it (int64 for + - * of integers or bools, float64 for
// the rest of arithmetic, bool for comparisons and & |); TypeError for operands it refuses.
ColumnType binary_result_type(BinaryOp op, ColumnType a, ColumnType b);

struct Operand {
  const Column& column;
  bool broadcast;  // one value (row 0) for every row
};

// a op b over rows rows; the operand types were checked by binary_result_type.
Column arithmetic(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows);
Column comparison(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows);
Column logical(BinaryOp op, const Operand& a, const Operand& b, std::size_t rows);
Column negate(const Column& a);  // -a of int64 or float64
Column invert(const Column& a);  // ~a of bool (logical not) or int64 (bitwise not)

// Column storage by element type.
template <class T>
constexpr ColumnType column_type_of() {
  if constexpr (std::is_same_v<T, std::int64_t>)
    return ColumnType::int64;
  else if constexpr (std::is_same_v<T, double>)
    return ColumnType::float64;
  else
    return ColumnType::boolean;
}
template <class T>
std::vector<T>& values_mut(Column& c) {
  if constexpr (std::is_same_v<T, std::int64_t>)
    return c.int64s_mut();
  else if constexpr (std::is_same_v<T, double>)
    return c.float64s_mut();
  else
    return c.bools_mut();
}

// The values of an int64, float64 or bool column as T: the column's own buffer when it holds
// T, otherwise a converted copy (one pass, so the operator loop itself reads one type).
template <class T>
class Numbers {
 public:
  explicit Numbers(const Column& c) {
    if constexpr (std::is_same_v<T, std::int64_t>) {
      if (c.type() == ColumnType::int64) {
        view_ = c.int64s();
        return;
      }
    } else if constexpr (std::is_same_v<T, double>) {
      if (c.type() == ColumnType::float64) {
        view_ = c.float64s();
        return;
      }
    }
    copy_.resize(c.size());
    switch (c.type()) {
      case ColumnType::int64:
        convert(c.int64s());
        break;
      case ColumnType::float64:
        convert(c.float64s());
        break;
      case ColumnType::boolean:
        convert(c.bools());
        break;
      case ColumnType::string:
        DTASK_THROW(TypeError, "a string column has no numeric values");
    }
    view_ = copy_;
  }
  std::span<const T> span() const noexcept { return view_; }

 private:
  template <class S>
  void convert(std::span<const S> from) {
    for (std::size_t i = 0; i < from.size(); ++i) copy_[i] = static_cast<T>(from[i]);
  }
  std::vector<T> copy_;
  std::span<const T> view_;
};

// Row accessors: every row of a buffer, or one value for all rows.
template <class T>
struct EachRow {
  const T* values;
  T operator()(std::size_t i) const { return values[i]; }
};
template <class T>
struct OneValue {
  T value;
  T operator()(std::size_t) const { return value; }
};
struct EachString {
  const std::uint64_t* offsets;
  const char* bytes;
  std::string_view operator()(std::size_t i) const {
    return {bytes + offsets[i], offsets[i + 1] - offsets[i]};
  }
};

// Calls f(left, right) with the accessors of the operands' shapes.
template <class T, class F>
void with_accessors(std::span<const T> a, bool a_one, std::span<const T> b, bool b_one, F&& f) {
  if (a_one)
    f(OneValue<T>{a[0]}, EachRow<T>{b.data()});
  else if (b_one)
    f(EachRow<T>{a.data()}, OneValue<T>{b[0]});
  else
    f(EachRow<T>{a.data()}, EachRow<T>{b.data()});
}

// Rows where both operands are valid; empty when every row is.
std::vector<std::uint8_t> both_valid(const Operand& a, const Operand& b, std::size_t rows);
// Marks rows missing where valid is 0 (empty: none), holding the type's zero there.
void set_missing(Column& out, std::vector<std::uint8_t> valid);

}  // namespace dtask::dataframe::detail
