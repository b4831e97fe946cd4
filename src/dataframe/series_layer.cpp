#include "series_layer.hpp"

namespace dtask::dataframe::detail {

Table with_values(const Table& indexed, std::string name, Column values) {
  Table out;
  for (std::size_t i = 0; i < indexed.index_width(); ++i)
    out.add_column(indexed.names()[i], indexed.shared_column(i));
  out.add_column(std::move(name), std::move(values));
  out.set_index_width(indexed.index_width());
  return out;
}

Schema series_schema(const Schema& indexed, const std::string& name, ColumnType type) {
  Schema out;
  out.index_width = indexed.index_width;
  out.names.assign(indexed.names.begin(),
                   indexed.names.begin() + static_cast<std::ptrdiff_t>(indexed.index_width));
  out.types.assign(indexed.types.begin(),
                   indexed.types.begin() + static_cast<std::ptrdiff_t>(indexed.index_width));
  out.names.push_back(name);
  out.types.push_back(type);
  return out;
}

Series series_layer(const std::string& prefix, Schema meta, std::int64_t npartitions,
                    const std::vector<DataFrame>& inputs,
                    const std::function<Task(std::int64_t partition)>& task_for) {
  return Series(make_frame(prefix, std::move(meta), npartitions, inputs, task_for));
}

void check_same_partitioning(const DataFrame& a, const DataFrame& b, const std::string& what) {
  if (a.npartitions() != b.npartitions()) {
    DTASK_THROW(
        ValueError,
        what + " needs operands of the same partitioning (dtask does not align on the index): " +
            std::to_string(a.npartitions()) + " and " + std::to_string(b.npartitions()) +
            " partitions");
  }
}

void check_same_rows(const Table& a, const Table& b, const std::string& what) {
  if (a.rows() != b.rows()) {
    DTASK_THROW(ValueError, what +
                                " needs operands of the same partitioning (dtask does not align on "
                                "the index): a partition of " +
                                std::to_string(a.rows()) + " rows meets one of " +
                                std::to_string(b.rows()));
  }
}

}  // namespace dtask::dataframe::detail
