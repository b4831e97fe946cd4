// DataFrame::join: merge on the index columns of both frames. Both indexes become ordinary
// columns, merge joins on them (one column per key, as for same-name keys), and the result's
// first columns, the left's index, are marked as its index again.
#include <dtask/dataframe/dataframe.hpp>
#include <dtask/dataframe/merge.hpp>

#include <dtask/core/function.hpp>

namespace dtask::dataframe {

namespace {

Table with_index_width(const Table& table, std::int64_t width) {
  Table out = table;  // shares the columns
  out.set_index_width(static_cast<std::size_t>(width));
  return out;
}
const Function& with_index_width_function = register_function("dataframe.with_index_width", &with_index_width);

std::string index_names(const Schema& schema) {
  std::string names;
  for (std::size_t i = 0; i < schema.index_width; ++i) names += (i ? ", " : "") + schema.names[i];
  return schema.index_width ? "(" + names + ")" : "no index";
}

}  // namespace

DataFrame DataFrame::join(const DataFrame& right, How how) const {
  const Schema& other = right.meta();
  const std::size_t width = meta_.index_width;
  const bool same_names =
      width > 0 && other.index_width == width &&
      std::equal(meta_.names.begin(), meta_.names.begin() + static_cast<std::ptrdiff_t>(width), other.names.begin());
  if (!same_names) {
    DTASK_THROW(ValueError, "join matches the frames' indexes, and they differ: " + index_names(meta_) + " and " +
                                index_names(other) + "; set_index() both on the same columns, or merge() on columns");
  }
  MergeOptions options;
  options.how = how;
  options.on.assign(meta_.names.begin(), meta_.names.begin() + static_cast<std::ptrdiff_t>(width));
  const DataFrame merged = dataframe::merge(reset_index(), right.reset_index(), options);
  Schema schema = merged.meta();
  schema.index_width = width;
  return make_frame("join", std::move(schema), merged.npartitions(), {merged}, [&](std::int64_t i) {
    return Task(with_index_width_function, {merged.key(i), Value(static_cast<std::int64_t>(width))});
  });
}

}  // namespace dtask::dataframe
