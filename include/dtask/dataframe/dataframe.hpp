// dtask::dataframe::DataFrame: a lazy frame cut into partitions, as dask.dataframe. Each
// partition is a dtask::Table (core/table.hpp), the value of Key(name, {i}); every operation adds
// one layer of tasks, one per output partition, and nothing runs until compute().
//
//   namespace dd = dtask::dataframe;
//   auto data = dd::read_csv("sample_data.csv");
//   auto means = data.groupby("reviewerID")["overall"].mean();
//   std::cout << means.compute().head(5);
//
// A DataFrame is a cheap handle: shared, immutable layers, the name of its partitions' keys and
// their schema (Dask's "meta": names, types and index width, known without computing).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <dtask/core/graph.hpp>
#include <dtask/core/key.hpp>
#include <dtask/core/table.hpp>
#include <dtask/core/task.hpp>
#include <dtask/sched/scheduler.hpp>

namespace dtask::dataframe {

class DataFrame;
class Series;
class GroupBy;

// A frame that can be planned again with fewer columns (read_csv, and a merge, which passes
// the selection on to its sides): selecting columns of it then reads only those, as Dask's
// column projection. A groupby selects the columns it uses.
class ColumnSource {
 public:
  virtual ~ColumnSource() = default;
  virtual DataFrame with_columns(const std::vector<std::string>& columns) const = 0;
};

enum class How { inner, left, right, outer };

struct MergeOptions {
  How how = How::inner;
  // "= {}": a designated initialiser may leave a member out without -Wmissing-field-initializers.
  std::vector<std::string> on = {};        // key columns of both sides, or
  std::vector<std::string> left_on = {};   // the left's and
  std::vector<std::string> right_on = {};  // the right's
  std::pair<std::string, std::string> suffixes{"_x", "_y"};  // for other columns in both
  // Broadcast the right (or, for how = right, the left) side to every partition of the other
  // when it has at most this many partitions; otherwise both sides are hash-shuffled.
  std::int64_t broadcast_partitions = 1;
  std::int64_t npartitions = 0;  // of a shuffled result; 0: the larger side's count
};

struct SortOptions {
  bool ascending = true;
  std::int64_t npartitions = 0;  // of the result; 0: as many as the input
};

struct CsvWriteOptions {
  char delimiter = ',';
  bool header = true;
  bool index = true;  // write the index columns (a frame without index has none to write)
};

class DataFrame {
 public:
  DataFrame(Graph graph, std::string name, Schema meta, std::int64_t npartitions,
            std::shared_ptr<const ColumnSource> source = nullptr);

  const Graph& graph() const noexcept { return graph_; }
  const std::string& name() const noexcept { return name_; }
  const Schema& meta() const noexcept { return meta_; }
  std::int64_t npartitions() const noexcept { return npartitions_; }
  // The value columns (the index columns are meta().names' first meta().index_width).
  std::vector<std::string> columns() const;
  std::vector<std::pair<std::string, ColumnType>> dtypes() const;
  Key key(std::int64_t partition) const { return Key(name_, {static_cast<std::int32_t>(partition)}); }
  std::vector<Key> keys() const;

  // All partitions concatenated into one table on the caller (rank 0).
  Table compute() const;
  Table compute(sched::Scheduler& scheduler) const;
  // The same frame with its partitions computed once and kept.
  DataFrame persist() const;
  DataFrame persist(sched::Scheduler& scheduler) const;
  std::string to_dot() const;
  void to_dot(const std::string& path) const;

  // Columns: one as a Series, several as a frame (index columns are always kept).
  Series operator[](const std::string& column) const;
  DataFrame operator[](const std::vector<std::string>& columns) const;
  // df[{"a", "b"}]: a braced list is a list of names (it could also make one std::string).
  DataFrame operator[](std::initializer_list<std::string> columns) const {
    return (*this)[std::vector<std::string>(columns)];
  }
  // The rows where mask (a boolean Series of this frame) is true.
  DataFrame operator[](const Series& mask) const;
  // A new or replaced column computed from this frame's columns.
  DataFrame assign(const std::string& column, const Series& values) const;
  DataFrame drop(const std::vector<std::string>& columns) const;

  // The first n rows (computing only the partitions needed), the number of rows, and
  // count, mean, std, min, quartiles and max of every numeric column (as pandas' describe).
  Table head(std::size_t n = 5) const;
  std::int64_t len() const;
  DataFrame describe() const;

  GroupBy groupby(const std::string& key) const;
  GroupBy groupby(const std::vector<std::string>& keys) const;
  // groupby({"a", "b"}): without it the braces could also make one std::string of two pointers.
  GroupBy groupby(std::initializer_list<std::string> keys) const;
  DataFrame merge(const DataFrame& right, const MergeOptions& options) const;
  // A merge on the index columns of both frames (of the same names), as pandas' join; the
  // result keeps them as its index.
  DataFrame join(const DataFrame& right, How how = How::left) const;
  // Rows in the order of a column, which becomes the index (divisions from a sample).
  DataFrame set_index(const std::string& column, const SortOptions& options = {}) const;
  DataFrame sort_values(const std::vector<std::string>& by, const SortOptions& options = {}) const;
  DataFrame reset_index() const;
  // The first row of every distinct combination of subset (every column when empty).
  DataFrame drop_duplicates(const std::vector<std::string>& subset = {}) const;

  // "out-*.csv": one file per partition (* is its number); otherwise one file, written in order.
  void to_csv(const std::string& path, const CsvWriteOptions& options = {}) const;
  // Numeric and bool columns as 1-D datasets group/<column> of one HDF5 file (h5py opens it).
  void to_hdf5(const std::string& path, const std::string& group = "/") const;

  const std::shared_ptr<const ColumnSource>& source() const noexcept { return source_; }

 private:
  Graph graph_;
  std::string name_;
  Schema meta_;
  std::int64_t npartitions_;
  std::shared_ptr<const ColumnSource> source_;
};

// A frame of a new layer: one task per partition, task_for(partition) giving its task; inputs
// are the frames its tasks read (their layers become the layer's dependencies). Named
// prefix-<counter>.
DataFrame make_frame(const std::string& prefix, Schema meta, std::int64_t npartitions,
                     const std::vector<DataFrame>& inputs,
                     const std::function<Task(std::int64_t partition)>& task_for);

// A frame of a table held in memory, cut into npartitions row ranges (as dd.from_pandas).
DataFrame from_table(const Table& table, std::int64_t npartitions = 1);

}  // namespace dtask::dataframe
