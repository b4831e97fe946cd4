#include <dtask/dataframe/dataframe.hpp>

#include <algorithm>
#include <limits>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/series.hpp>
#include <dtask/diagnostics/dot.hpp>

namespace dtask::dataframe {

namespace {

Table persisted_partition(const Table& table) { return table; }
Table select_columns(const Table& table, const std::vector<std::string>& names) { return table.select(names); }
const Function& persisted_partition_function = register_function("dataframe.persisted_partition", &persisted_partition);
const Function& select_columns_function = register_function("dataframe.select_columns", &select_columns);

// The schema of select_columns(names) on a table of schema meta.
Schema selected_schema(const Schema& meta, const std::vector<std::string>& names) {
  Schema out;
  out.index_width = meta.index_width;
  for (std::size_t i = 0; i < meta.index_width; ++i) {
    out.names.push_back(meta.names[i]);
    out.types.push_back(meta.types[i]);
  }
  for (const std::string& name : names) {
    const std::size_t p = meta.position(name);
    if (p < meta.index_width) continue;
    if (std::find(out.names.begin(), out.names.end(), name) != out.names.end()) {
      DTASK_THROW(ValueError, "column '" + name + "' is selected twice");
    }
    out.names.push_back(name);
    out.types.push_back(meta.types[p]);
  }
  return out;
}

}  // namespace

DataFrame::DataFrame(Graph graph, std::string name, Schema meta, std::int64_t npartitions,
                     std::shared_ptr<const ColumnSource> source)
    : graph_(std::move(graph)), name_(std::move(name)), meta_(std::move(meta)),
      npartitions_(npartitions), source_(std::move(source)) {
  if (npartitions_ < 1 || npartitions_ > std::numeric_limits<std::int32_t>::max()) {
    DTASK_THROW(ValueError, "a frame of " + std::to_string(npartitions_) + " partitions");
  }
}

std::vector<std::string> DataFrame::columns() const {
  return {meta_.names.begin() + static_cast<std::ptrdiff_t>(meta_.index_width), meta_.names.end()};
}

std::vector<std::pair<std::string, ColumnType>> DataFrame::dtypes() const {
  std::vector<std::pair<std::string, ColumnType>> out;
  for (std::size_t i = meta_.index_width; i < meta_.size(); ++i) out.emplace_back(meta_.names[i], meta_.types[i]);
  return out;
}

std::vector<Key> DataFrame::keys() const {
  std::vector<Key> keys;
  keys.reserve(static_cast<std::size_t>(npartitions_));
  for (std::int64_t i = 0; i < npartitions_; ++i) keys.push_back(key(i));
  return keys;
}

Table DataFrame::compute() const { return compute(sched::default_scheduler()); }

Table DataFrame::compute(sched::Scheduler& scheduler) const {
  const std::vector<Key> all = keys();
  const std::vector<Value> values = scheduler.get(graph_, all);
  std::vector<const Table*> parts;
  parts.reserve(values.size());
  for (const Value& v : values) parts.push_back(&v.get<Table>());
  if (parts.size() == 1) return *parts.front();
  return Table::concat(parts);
}

DataFrame DataFrame::persist() const { return persist(sched::default_scheduler()); }

// Under the same keys, as Array::persist.
DataFrame DataFrame::persist(sched::Scheduler& scheduler) const {
  const std::vector<Key> all = keys();
  return DataFrame(sched::persisted_graph(scheduler, graph_, all, name_), name_, meta_, npartitions_);
}

std::string DataFrame::to_dot() const { return diagnostics::to_dot(graph_); }
void DataFrame::to_dot(const std::string& path) const { diagnostics::write_dot(graph_, path); }

Series DataFrame::operator[](const std::string& column) const {
  const std::size_t p = meta_.position(column);
  if (p < meta_.index_width) {
    DTASK_THROW(ValueError, "'" + column + "' is an index column; reset_index() makes it a column");
  }
  return Series((*this)[std::vector<std::string>{column}]);
}

DataFrame DataFrame::operator[](const std::vector<std::string>& columns) const {
  const Schema schema = selected_schema(meta_, columns);
  if (source_) return source_->with_columns(columns);
  return make_frame("getitem", schema, npartitions_, {*this}, [&](std::int64_t i) {
    return Task(select_columns_function, {key(i), Value(columns)});
  });
}

DataFrame DataFrame::drop(const std::vector<std::string>& columns) const {
  for (const std::string& name : columns) meta_.position(name);  // unknown names are errors
  std::vector<std::string> kept;
  for (const std::string& name : this->columns()) {
    if (std::find(columns.begin(), columns.end(), name) == columns.end()) kept.push_back(name);
  }
  return (*this)[kept];
}

DataFrame make_frame(const std::string& prefix, Schema meta, std::int64_t npartitions,
                     const std::vector<DataFrame>& inputs,
                     const std::function<Task(std::int64_t partition)>& task_for) {
  std::string name = unique_name(prefix);
  Layer::Tasks tasks;
  tasks.reserve(static_cast<std::size_t>(npartitions));
  for (std::int64_t i = 0; i < npartitions; ++i) {
    tasks.emplace_back(Key(name, {static_cast<std::int32_t>(i)}), task_for(i));
  }
  LayerPtrs dependencies;
  for (const DataFrame& input : inputs) {
    for (const LayerPtr& top : input.graph().tops()) {
      if (std::find(dependencies.begin(), dependencies.end(), top) == dependencies.end()) {
        dependencies.push_back(top);
      }
    }
  }
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), std::move(dependencies));
  return DataFrame(Graph(std::move(layer)), std::move(name), std::move(meta), npartitions);
}

DataFrame from_table(const Table& table, std::int64_t npartitions) {
  if (npartitions < 1) DTASK_THROW(ValueError, "from_table needs at least one partition");
  const auto rows = static_cast<std::int64_t>(table.rows());
  return make_frame("from_table", table.schema(), npartitions, {}, [&](std::int64_t i) {
    // Row ranges as even as the division allows (empty ones when there are more parts than
    // rows); each task carries only its rows.
    const auto begin = static_cast<std::size_t>(rows * i / npartitions);
    const auto end = static_cast<std::size_t>(rows * (i + 1) / npartitions);
    return Task(persisted_partition_function, {Value(table.slice(begin, end))});
  });
}

}  // namespace dtask::dataframe
