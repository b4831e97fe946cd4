// to_hdf5: the int64, float64 and bool columns of a frame (index columns included) as 1-D
// datasets group/<column> of one HDF5 file, written by the workers that hold the partitions.
//
// One graph: a task per partition reports its rows and which columns have missing values; one
// task creates the file (every dataset allocated, contiguous, so that ragged partitions can be
// written side by side) and returns the row offset of every partition; then a task per
// partition writes its rows of every column (io/hdf5.hpp). Partitions are computed once and
// stay with their workers until written. The file is written under a temporary name and
// appears under its own only when every write succeeded (io/staged_file.hpp).
//
// Missing values: float64 columns hold NaN; int64 and bool columns with any missing value are
// written as float64 with NaN (as pandas turns them into float64), otherwise as int64 and as
// h5py's bool. String columns are skipped.
#include <cmath>
#include <limits>

#include <dtask/core/chunk.hpp>
#include <dtask/core/function.hpp>
#include <dtask/dataframe/dataframe.hpp>
#include <dtask/io/hdf5.hpp>
#include <dtask/io/staged_file.hpp>

#include "series_kernels.hpp"

namespace dtask::dataframe {

namespace {

struct Hdf5Layout {
  std::vector<std::int64_t> offsets;  // first row of every partition, then the total
  std::vector<std::int64_t> dtypes;   // DType of every dataset

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& offsets& dtypes;
  }
};

}  // namespace
}  // namespace dtask::dataframe

template <>
struct dtask::SizeOf<dtask::dataframe::Hdf5Layout> {
  static std::size_t of(const dtask::dataframe::Hdf5Layout& l) {
    return sizeof(l) + (l.offsets.size() + l.dtypes.size()) * sizeof(std::int64_t);
  }
};

namespace dtask::dataframe {

namespace {

// rows, then 1 for every column with missing values (0 otherwise).
std::vector<std::int64_t> partition_shape(const Table& table,
                                          const std::vector<std::string>& columns) {
  std::vector<std::int64_t> shape{static_cast<std::int64_t>(table.rows())};
  for (const std::string& name : columns) shape.push_back(table.column(name).has_nulls() ? 1 : 0);
  return shape;
}

DType stored_dtype(ColumnType type, bool nulls) {
  if (type == ColumnType::float64 || nulls) return DType::float64;
  return type == ColumnType::int64 ? DType::int64 : DType::bool_;
}

Hdf5Layout create_file(const std::vector<std::vector<std::int64_t>>& shapes,
                       const std::string& path, const std::vector<std::string>& datasets,
                       const std::vector<std::int64_t>& types) {
  Hdf5Layout layout;
  layout.offsets.push_back(0);
  std::vector<bool> nulls(datasets.size(), false);
  for (const auto& shape : shapes) {
    layout.offsets.push_back(layout.offsets.back() + shape[0]);
    for (std::size_t c = 0; c < datasets.size(); ++c) nulls[c] = nulls[c] || shape[c + 1] != 0;
  }
  std::vector<io::Hdf5DatasetSpec> specs;
  for (std::size_t c = 0; c < datasets.size(); ++c) {
    const DType dtype = stored_dtype(static_cast<ColumnType>(types[c]), nulls[c]);
    layout.dtypes.push_back(static_cast<std::int64_t>(dtype));
    specs.push_back({datasets[c], dtype, {layout.offsets.back()}, {}});
  }
  io::create_hdf5_datasets(path, specs);
  return layout;
}

// A column as a 1-D chunk of the stored dtype, NaN where missing.
Chunk column_chunk(const Column& c, DType dtype) {
  Chunk out(dtype, {static_cast<std::int64_t>(c.size())});
  if (dtype == DType::float64) {
    const detail::Numbers<double> values(c);
    double* to = out.data<double>();
    for (std::size_t i = 0; i < c.size(); ++i)
      to[i] = c.is_valid(i) ? values.span()[i] : std::numeric_limits<double>::quiet_NaN();
  } else if (dtype == DType::int64) {
    std::copy(c.int64s().begin(), c.int64s().end(), out.data<std::int64_t>());
  } else {
    bool* to = out.data<bool>();
    const auto values = c.bools();
    for (std::size_t i = 0; i < c.size(); ++i) to[i] = values[i] != 0;
  }
  return out;
}

std::int64_t write_partition(const Table& table, const Hdf5Layout& layout, const std::string& path,
                             const std::vector<std::string>& columns,
                             const std::vector<std::string>& datasets, std::int64_t partition) {
  std::int64_t bytes = 0;
  const Shape offset{layout.offsets.at(static_cast<std::size_t>(partition))};
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const Chunk block =
        column_chunk(table.column(columns[c]), static_cast<DType>(layout.dtypes[c]));
    io::write_hdf5_block(path, datasets[c], offset, block);
    bytes += static_cast<std::int64_t>(block.nbytes());
  }
  return bytes;
}

const Function& shape_function =
    register_function("dataframe.hdf5_partition_shape", &partition_shape);
const Function& create_function = register_function("dataframe.hdf5_create_file", &create_file);
const Function& write_function =
    register_function("dataframe.hdf5_write_partition", &write_partition);

std::string dataset_prefix(const std::string& group) {
  std::string prefix = group.empty() || group.front() != '/' ? "/" + group : group;
  if (prefix.back() != '/') prefix += '/';
  return prefix;
}

}  // namespace

void DataFrame::to_hdf5(const std::string& path, const std::string& group) const {
  std::vector<std::string> columns, datasets;
  std::vector<std::int64_t> types;
  for (std::size_t i = 0; i < meta_.size(); ++i) {
    if (meta_.types[i] == ColumnType::string) continue;
    if (meta_.names[i].empty())
      DTASK_THROW(ValueError, "to_hdf5 cannot name a dataset after a column without a name");
    columns.push_back(meta_.names[i]);
    datasets.push_back(dataset_prefix(group) + meta_.names[i]);
    types.push_back(static_cast<std::int64_t>(meta_.types[i]));
  }
  if (columns.empty())
    DTASK_THROW(ValueError, "to_hdf5 writes int64, float64 and bool columns; this frame has none");
  io::StagedFile file(path);

  const std::string shapes_name = unique_name("hdf5_shape");
  Layer::Tasks shapes;
  KeyList shape_keys;
  for (std::int64_t i = 0; i < npartitions_; ++i) {
    shape_keys.emplace_back(shapes_name, Key::Index{static_cast<std::int32_t>(i)});
    shapes.emplace_back(shape_keys.back(), Task(shape_function, {key(i), Value(columns)}));
  }
  auto shapes_layer = std::make_shared<const Layer>(shapes_name, std::move(shapes), graph_.tops());

  const std::string create_name = unique_name("hdf5_create");
  const Key create_key(create_name);
  Layer::Tasks create;
  create.emplace_back(create_key, Task(create_function, {std::move(shape_keys), Value(file.path()),
                                                         Value(datasets), Value(types)}));
  auto create_layer =
      std::make_shared<const Layer>(create_name, std::move(create), LayerPtrs{shapes_layer});

  const std::string write_name = unique_name("hdf5_write");
  Layer::Tasks writes;
  std::vector<Key> write_keys;
  for (std::int64_t i = 0; i < npartitions_; ++i) {
    write_keys.emplace_back(write_name, Key::Index{static_cast<std::int32_t>(i)});
    writes.emplace_back(write_keys.back(),
                        Task(write_function, {key(i), create_key, Value(file.path()),
                                              Value(columns), Value(datasets), Value(i)}));
  }
  LayerPtrs dependencies(graph_.tops().begin(), graph_.tops().end());
  dependencies.push_back(create_layer);
  auto write_layer =
      std::make_shared<const Layer>(write_name, std::move(writes), std::move(dependencies));
  sched::default_scheduler().get(Graph(std::move(write_layer)), write_keys);
  file.commit();
}

}  // namespace dtask::dataframe
