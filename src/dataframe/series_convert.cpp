// astype and fillna: a Series of another type, or with its missing values filled. Missing rows
// stay missing through astype (a nullable string column keeps <NA>, not "nan").
#include <charconv>
#include <cmath>
#include <limits>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>

#include "series_kernels.hpp"
#include "series_layer.hpp"

namespace dtask::dataframe {

namespace {

// Python's repr of a float: the shortest text that reads back the same number, "1.0" for 1.
std::string float_text(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char text[32];
  char* end = std::to_chars(text, text + sizeof text, v).ptr;
  std::string s(text, end);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

Column to_strings(const Column& c) {
  Column out(ColumnType::string);
  out.reserve(c.size(), c.size() * 8);
  char text[24];
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c.is_valid(i)) {
      out.append_null();
      continue;
    }
    switch (c.type()) {
      case ColumnType::int64: {
        char* end = std::to_chars(text, text + sizeof text, c.int64s()[i]).ptr;
        out.append_string({text, static_cast<std::size_t>(end - text)});
        break;
      }
      case ColumnType::float64:
        out.append_string(float_text(c.float64s()[i]));
        break;
      case ColumnType::boolean:
        out.append_string(c.bools()[i] ? "True" : "False");
        break;
      case ColumnType::string:
        out.append_string(c.string_at(i));
        break;
    }
  }
  return out;
}

[[noreturn]] void cannot_parse(std::string_view text, ColumnType type) {
  DTASK_THROW(ValueError,
              "cannot convert '" + std::string(text) + "' to " + std::string(to_string(type)));
}

template <class T>
Column parse_numbers(const Column& c, ColumnType type) {
  Column out(type);
  out.resize(c.size());
  T* result = detail::values_mut<T>(out).data();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c.is_valid(i)) continue;
    const std::string_view s = c.string_at(i);
    const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), result[i]);
    if (error != std::errc() || end != s.data() + s.size()) cannot_parse(s, type);
  }
  if (c.has_nulls()) out.set_validity(c.validity());
  return out;
}

Column floats_to_int64(const Column& c) {
  Column out(ColumnType::int64);
  out.resize(c.size());
  std::int64_t* result = out.int64s_mut().data();
  const auto values = c.float64s();
  constexpr double limit = 9223372036854775808.0;  // 2^63
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!c.is_valid(i)) continue;
    if (!(values[i] >= -limit && values[i] < limit)) {
      DTASK_THROW(ValueError, "cannot convert " + float_text(values[i]) +
                                  " to int64 (not finite or out of range)");
    }
    result[i] = static_cast<std::int64_t>(values[i]);
  }
  if (c.has_nulls()) out.set_validity(c.validity());
  return out;
}

template <class T>
Column numbers_as(const Column& c) {
  const detail::Numbers<T> values(c);
  Column out(detail::column_type_of<T>());
  out.resize(c.size());
  std::copy(values.span().begin(), values.span().end(), detail::values_mut<T>(out).begin());
  if (c.has_nulls()) out.set_validity(c.validity());
  return out;
}

Column to_bools(const Column& c) {
  Column out(ColumnType::boolean);
  out.resize(c.size());
  std::uint8_t* result = out.bools_mut().data();
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (!c.is_valid(i)) continue;
    switch (c.type()) {
      case ColumnType::int64:
        result[i] = c.int64s()[i] != 0;
        break;
      case ColumnType::float64:
        result[i] = c.float64s()[i] != 0.0;
        break;  // NaN is true, as in NumPy
      case ColumnType::boolean:
        result[i] = c.bools()[i];
        break;
      case ColumnType::string:
        result[i] = !c.string_at(i).empty();
        break;  // as Python's bool(str)
    }
  }
  if (c.has_nulls()) out.set_validity(c.validity());
  return out;
}

Column convert(const Column& c, ColumnType type) {
  if (c.type() == type) return c;
  switch (type) {
    case ColumnType::string:
      return to_strings(c);
    case ColumnType::boolean:
      return to_bools(c);
    case ColumnType::float64:
      return c.type() == ColumnType::string ? parse_numbers<double>(c, type)
                                            : numbers_as<double>(c);
    case ColumnType::int64:
      if (c.type() == ColumnType::string) return parse_numbers<std::int64_t>(c, type);
      if (c.type() == ColumnType::float64) return floats_to_int64(c);
      return numbers_as<std::int64_t>(c);
  }
  DTASK_THROW(ValueError, "unknown column type");
}

Table series_astype(const Table& a, std::int64_t type) {
  return detail::with_values(a, a.names().back(),
                             convert(detail::value_column(a), static_cast<ColumnType>(type)));
}

// value (a one-row column of the result's type) where c is missing (or NaN, for float64).
Table series_fillna(const Table& a, const Column& value) {
  Column out = convert(detail::value_column(a), value.type());
  if (value.type() == ColumnType::string) {
    if (!out.has_nulls()) return detail::with_values(a, a.names().back(), std::move(out));
    Column filled(ColumnType::string);
    filled.reserve(out.size(),
                   out.string_bytes().size() + out.null_count() * value.string_at(0).size());
    for (std::size_t i = 0; i < out.size(); ++i) {
      filled.append_string(out.is_valid(i) ? out.string_at(i) : value.string_at(0));
    }
    return detail::with_values(a, a.names().back(), std::move(filled));
  }
  // The validity stays as it was until the fill is done: it tells which rows to fill.
  auto fill = [&](auto& values, auto with) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      bool missing = !out.is_valid(i);
      if constexpr (std::is_floating_point_v<std::decay_t<decltype(with)>>)
        missing = missing || std::isnan(values[i]);
      if (missing) values[i] = with;
    }
  };
  switch (value.type()) {
    case ColumnType::int64:
      fill(out.int64s_mut(), value.int64s()[0]);
      break;
    case ColumnType::float64:
      fill(out.float64s_mut(), value.float64s()[0]);
      break;
    case ColumnType::boolean:
      fill(out.bools_mut(), value.bools()[0]);
      break;
    case ColumnType::string:
      break;
  }
  out.set_validity(std::vector<std::uint8_t>(out.size(), 1));
  return detail::with_values(a, a.names().back(), std::move(out));
}

const Function& astype_function = register_function("dataframe.series_astype", &series_astype);
const Function& fillna_function = register_function("dataframe.series_fillna", &series_fillna);

// The fill value as a one-row column of the result's type: the column's type, except that an
// int64 column filled with a fractional number becomes float64 (as pandas upcasts).
Column fill_value(ColumnType column, const Scalar& value) {
  const auto refuse = [&](std::string_view given) -> Column {
    DTASK_THROW(TypeError, "fillna of a " + std::string(to_string(column)) + " Series with a " +
                               std::string(given));
  };
  return std::visit(
      [&](const auto& v) -> Column {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::string>) {
          return column == ColumnType::string ? Column::of(std::vector<std::string>{v})
                                              : refuse("string");
        } else if constexpr (std::is_same_v<V, bool>) {
          return column == ColumnType::boolean ? Column::of_bools({static_cast<std::uint8_t>(v)})
                                               : refuse("bool");
        } else {
          if (column == ColumnType::float64)
            return Column::of(std::vector<double>{static_cast<double>(v)});
          if (column != ColumnType::int64) return refuse("number");
          if constexpr (std::is_same_v<V, std::int64_t>)
            return Column::of(std::vector<std::int64_t>{v});
          else if (std::trunc(v) == v && std::abs(v) < 9.2e18)
            return Column::of(std::vector<std::int64_t>{static_cast<std::int64_t>(v)});
          else
            return Column::of(std::vector<double>{v});
        }
      },
      value.value());
}

}  // namespace

Series Series::astype(ColumnType type) const {
  if (type == dtype()) return *this;  // values are immutable: sharing is copying
  const auto code = static_cast<std::int64_t>(type);
  return detail::series_layer("astype", detail::series_schema(frame_.meta(), name(), type),
                              npartitions(), {frame_}, [&](std::int64_t i) {
                                return Task(astype_function, {frame_.key(i), Value(code)});
                              });
}

Series Series::fillna(const Scalar& value) const {
  Column fill = fill_value(dtype(), value);
  const ColumnType type = fill.type();
  const Value literal(std::move(fill));
  return detail::series_layer("fillna", detail::series_schema(frame_.meta(), name(), type),
                              npartitions(), {frame_}, [&](std::int64_t i) {
                                return Task(fillna_function, {frame_.key(i), literal});
                              });
}

}  // namespace dtask::dataframe
