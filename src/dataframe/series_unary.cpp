// The one-operand Series operations that keep the index and the name: -, ~, isnull, notnull.
// isnull counts NaN in float64 columns as missing, as pandas does.
#include <algorithm>
#include <cmath>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>

#include "series_kernels.hpp"
#include "series_layer.hpp"

namespace dtask::dataframe {

namespace {

enum class UnaryOp : std::int64_t { negate, invert, isnull, notnull };

Column missing_mask(const Column& c, bool want_missing) {
  Column out(ColumnType::boolean);
  out.resize(c.size());
  std::uint8_t* result = out.bools_mut().data();
  const std::uint8_t flip = want_missing ? 1 : 0;  // present ^ flip
  if (c.type() == ColumnType::float64) {
    const auto values = c.float64s();
    for (std::size_t i = 0; i < values.size(); ++i)
      result[i] = static_cast<std::uint8_t>(c.is_valid(i) && !std::isnan(values[i])) ^ flip;
  } else if (c.has_nulls()) {
    const auto& valid = c.validity();
    for (std::size_t i = 0; i < valid.size(); ++i) result[i] = valid[i] ^ flip;
  } else {
    std::fill(out.bools_mut().begin(), out.bools_mut().end(), static_cast<std::uint8_t>(1 ^ flip));
  }
  return out;
}

Table series_unary(const Table& a, std::int64_t code) {
  const Column& x = detail::value_column(a);
  Column out;
  switch (static_cast<UnaryOp>(code)) {
    case UnaryOp::negate:
      out = detail::negate(x);
      break;
    case UnaryOp::invert:
      out = detail::invert(x);
      break;
    case UnaryOp::isnull:
      out = missing_mask(x, true);
      break;
    case UnaryOp::notnull:
      out = missing_mask(x, false);
      break;
  }
  return detail::with_values(a, a.names().back(), std::move(out));
}

const Function& unary_function = register_function("dataframe.series_unary", &series_unary);

Series unary(const std::string& prefix, UnaryOp op, ColumnType type, const Series& a) {
  const auto code = static_cast<std::int64_t>(op);
  return detail::series_layer(prefix, detail::series_schema(a.frame().meta(), a.name(), type),
                              a.npartitions(), {a.frame()}, [&](std::int64_t i) {
                                return Task(unary_function, {a.frame().key(i), Value(code)});
                              });
}

}  // namespace

Series operator-(const Series& a) {
  if (a.dtype() != ColumnType::int64 && a.dtype() != ColumnType::float64) {
    DTASK_THROW(TypeError, "bad operand type for unary -: " + std::string(to_string(a.dtype())));
  }
  return unary("neg", UnaryOp::negate, a.dtype(), a);
}

Series operator~(const Series& a) {
  if (a.dtype() != ColumnType::int64 && a.dtype() != ColumnType::boolean) {
    DTASK_THROW(TypeError, "bad operand type for unary ~: " + std::string(to_string(a.dtype())));
  }
  return unary("invert", UnaryOp::invert, a.dtype(), a);
}

Series Series::isnull() const {
  return unary("isnull", UnaryOp::isnull, ColumnType::boolean, *this);
}
Series Series::notnull() const {
  return unary("notnull", UnaryOp::notnull, ColumnType::boolean, *this);
}

}  // namespace dtask::dataframe
