// sort_values and set_index: divisions from a sample (sort_divisions.cpp), then a range
// exchange: each input partition split into npartitions pieces by the divisions, output partition
// p concatenating piece p of every input in input order and sorting it stably.
#include <dtask/dataframe/dataframe.hpp>

#include "exchange.hpp"
#include "sort_divisions.hpp"
#include "sort_kernel.hpp"

namespace dtask::dataframe {

namespace {

std::vector<std::size_t> positions_of(const Table& table, const std::vector<std::string>& names) {
  std::vector<std::size_t> out;
  for (const std::string& n : names) out.push_back(table.position(n));
  return out;
}

std::vector<Table> range_split(const Table& table, const std::string& column,
                               const Column& divisions, bool ascending, std::int64_t npieces) {
  const Column& values = table.column(column);
  const auto n = static_cast<std::size_t>(npieces);
  return split_rows(table, n, [&](std::size_t r) { return range_partition(divisions, values, r, ascending, n); });
}

Table sorted_table(const std::vector<const Table*>& pieces, const std::vector<std::string>& by,
                   bool ascending) {
  return with_concatenated(pieces, [&](const Table& all) {
    const std::vector<std::size_t> positions = positions_of(all, by);
    return all.take(sorted_order(all, positions, ascending));
  });
}

// Sorted by column, which becomes the only index column, ahead of the other value columns.
Table indexed_table(const std::vector<const Table*>& pieces, const std::string& column,
                    bool ascending) {
  const Table sorted = sorted_table(pieces, {column}, ascending);
  Table out;
  out.add_column(column, sorted.shared_column(sorted.position(column)));
  for (std::size_t c = sorted.index_width(); c < sorted.width(); ++c) {
    if (sorted.names()[c] != column) out.add_column(sorted.names()[c], sorted.shared_column(c));
  }
  out.set_index_width(1);
  return out;
}

Table without_index(const Table& table) {
  Table out = table;
  out.set_index_width(0);
  return out;
}

const Function& range_split_function = register_function("dataframe.range_split", &range_split);
const Function& sorted_function = register_function("dataframe.sorted", &sorted_table);
const Function& indexed_function = register_function("dataframe.indexed", &indexed_table);
const Function& without_index_function =
    register_function("dataframe.without_index", &without_index);

// The range exchange of frame by column and a layer of one `combine` task per output partition.
DataFrame range_sorted(const DataFrame& frame, const std::string& column,
                       const SortOptions& options, const std::string& prefix,
                       const Function& combine, const Value& combine_key, Schema schema) {
  const std::int64_t npartitions =
      options.npartitions > 0 ? options.npartitions : frame.npartitions();
  const Column divisions = sort_divisions(frame, column, npartitions, options.ascending);
  const Exchange pieces =
      exchange(frame, prefix, range_split_function,
               {Value(column), Value(divisions), Value(options.ascending)}, npartitions);
  const std::string name = unique_name(prefix);
  Layer::Tasks tasks;
  for (std::int64_t p = 0; p < npartitions; ++p) {
    tasks.emplace_back(
        Key(name, {static_cast<std::int32_t>(p)}),
        Task(combine, {pieces.pieces_for(p), combine_key, Value(options.ascending)}));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), LayerPtrs{pieces.pieces});
  return DataFrame(Graph(std::move(layer)), name, std::move(schema), npartitions);
}

}  // namespace

DataFrame DataFrame::sort_values(const std::vector<std::string>& by,
                                 const SortOptions& options) const {
  if (by.empty()) DTASK_THROW(ValueError, "sort_values needs at least one column");
  for (const std::string& name : by) meta_.position(name);
  return range_sorted(*this, by.front(), options, "sort_values", sorted_function, Value(by), meta_);
}

DataFrame DataFrame::set_index(const std::string& column, const SortOptions& options) const {
  const std::size_t position = meta_.position(column);
  Schema schema;
  schema.names.push_back(column);
  schema.types.push_back(meta_.types[position]);
  schema.index_width = 1;
  for (std::size_t c = meta_.index_width; c < meta_.size(); ++c) {
    if (meta_.names[c] == column) continue;
    schema.names.push_back(meta_.names[c]);
    schema.types.push_back(meta_.types[c]);
  }
  return range_sorted(*this, column, options, "set_index", indexed_function, Value(column),
                      std::move(schema));
}

DataFrame DataFrame::reset_index() const {
  if (meta_.index_width == 0) return *this;
  Schema schema = meta_;
  schema.index_width = 0;
  return make_frame("reset_index", std::move(schema), npartitions_, {*this},
                    [&](std::int64_t i) { return Task(without_index_function, {key(i)}); });
}

}  // namespace dtask::dataframe
