#include <dtask/dataframe/series.hpp>

#include <dtask/core/function.hpp>

#include "series_layer.hpp"

namespace dtask::dataframe {

namespace {

Table series_rename(const Table& a, const std::string& name) {
  return detail::with_values(a, name, detail::value_column(a));
}

const Function& rename_function = register_function("dataframe.series_rename", &series_rename);

}  // namespace

Series::Series(DataFrame frame) : frame_(std::move(frame)) {
  if (frame_.meta().size() != frame_.meta().index_width + 1) {
    DTASK_THROW(ValueError, "a Series is a frame of one value column; this one has " +
                                std::to_string(frame_.meta().size() - frame_.meta().index_width));
  }
}

const std::string& Series::name() const { return frame_.meta().names.back(); }

ColumnType Series::dtype() const { return frame_.meta().types.back(); }

Series Series::rename(const std::string& name) const {
  const Schema& meta = frame_.meta();
  for (std::size_t i = 0; i < meta.index_width; ++i) {
    if (meta.names[i] == name)
      DTASK_THROW(ValueError, "cannot rename to '" + name + "': an index column has that name");
  }
  return detail::series_layer("rename", detail::series_schema(meta, name, dtype()), npartitions(),
                              {frame_}, [&](std::int64_t i) {
                                return Task(rename_function, {frame_.key(i), Value(name)});
                              });
}

}  // namespace dtask::dataframe
