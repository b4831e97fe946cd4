// Row filters and new columns: frame[mask] and frame.assign(name, series), one task per
// partition reading the frame's partition and the Series' partition of the same number.
#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>

#include "series_layer.hpp"

namespace dtask::dataframe {

namespace {

// Missing mask rows count as false, as filters in pandas treat NA.
Table filter_rows(const Table& table, const Table& mask) {
  detail::check_same_rows(table, mask, "a filter");
  const Column& keep = detail::value_column(mask);
  if (!keep.has_nulls()) return table.filter(keep.bools());
  std::vector<std::uint8_t> known(keep.bools().begin(), keep.bools().end());
  for (std::size_t i = 0; i < known.size(); ++i) known[i] &= keep.validity()[i];
  return table.filter(known);
}

Table assign_column(const Table& table, const Table& values, const std::string& name) {
  detail::check_same_rows(table, values, "assign");
  Table out = table;
  out.set_column(name, detail::value_column(values));
  return out;
}

const Function& filter_function = register_function("dataframe.filter_rows", &filter_rows);
const Function& assign_function = register_function("dataframe.assign_column", &assign_column);

}  // namespace

DataFrame DataFrame::operator[](const Series& mask) const {
  if (mask.dtype() != ColumnType::boolean) {
    DTASK_THROW(TypeError, "a filter needs a bool Series; '" + mask.name() + "' is " +
                               std::string(to_string(mask.dtype())));
  }
  detail::check_same_partitioning(*this, mask.frame(), "a filter");
  return make_frame("filter", meta_, npartitions_, {*this, mask.frame()}, [&](std::int64_t i) {
    return Task(filter_function, {key(i), mask.frame().key(i)});
  });
}

DataFrame DataFrame::assign(const std::string& column, const Series& values) const {
  detail::check_same_partitioning(*this, values.frame(), "assign");
  Schema schema = meta_;
  const auto it = std::find(schema.names.begin(), schema.names.end(), column);
  if (it == schema.names.end()) {
    schema.names.push_back(column);
    schema.types.push_back(values.dtype());
  } else {
    const auto p = static_cast<std::size_t>(it - schema.names.begin());
    if (p < schema.index_width)
      DTASK_THROW(ValueError, "cannot assign to '" + column + "': it is an index column");
    schema.types[p] = values.dtype();
  }
  return make_frame("assign", std::move(schema), npartitions_, {*this, values.frame()},
                    [&](std::int64_t i) {
                      return Task(assign_function, {key(i), values.frame().key(i), Value(column)});
                    });
}

}  // namespace dtask::dataframe
