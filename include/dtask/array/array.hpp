// dtask::array::Array: an N-dimensional lazy array cut into chunks, as dask.array. Every
// operation adds one layer of tasks, one task per output chunk; nothing runs until compute().
//
//   namespace da = dtask::array;
//   auto x = da::random::random({20000, 20000}, {1000, 1000}, /*seed=*/42);
//   Eigen::VectorXd m = x.mean(1).compute();   // a Chunk converts to Eigen
//
// An Array is a cheap handle: shared, immutable layers plus the name of its chunks' keys. Chunk
// (i, j, ...) of an array named "x-3" is the value of Key("x-3", flat row-major block index).
// Chunks are dtask::Chunk values (core/chunk.hpp).
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <dtask/array/chunks.hpp>
#include <dtask/core/chunk.hpp>
#include <dtask/core/dtype.hpp>
#include <dtask/core/graph.hpp>
#include <dtask/core/key.hpp>
#include <dtask/core/task.hpp>
#include <dtask/sched/scheduler.hpp>

namespace dtask::array {

using dtask::to_string;  // shapes print as NumPy's, next to to_string(Chunks)

// Axes of a reduction or a transpose; negative axes count from the end, as in NumPy. An empty
// list in a reduction means every axis.
using Axes = std::vector<int>;

// Options every reduction takes, as Dask's keyword arguments.
struct ReduceOptions {
  bool keepdims = false;
  int split_every = 4;  // how many partial results each tree node combines (Dask's default)
  int ddof = 0;         // var and std: delta degrees of freedom
};

// One entry of an index: an integer (the axis disappears) or a slice start:stop:step, with
// NumPy's rules for negative and missing bounds. Slice() is NumPy's ":".
struct Slice {
  std::optional<std::int64_t> start, stop;
  std::int64_t step = 1;
};
using Index = std::variant<std::int64_t, Slice>;

// The elementwise expression that made an array, when it is one (elementwise.hpp); later
// elementwise operations fold it into their own tasks instead of reading its chunks.
class Expression;

class Array {
 public:
  // An array whose chunk (i, j, ...) is Key(name, {i, j, ...}) in graph.
  Array(Graph graph, std::string name, DType dtype, Chunks chunks,
        std::shared_ptr<const Expression> expression = nullptr);

  const Graph& graph() const noexcept { return graph_; }
  const std::string& name() const noexcept { return name_; }
  DType dtype() const noexcept { return dtype_; }
  const Chunks& chunks() const noexcept { return chunks_; }
  const Shape& shape() const noexcept { return shape_; }
  std::size_t ndim() const noexcept { return shape_.size(); }
  std::int64_t size() const { return shape_size(shape_); }
  std::int64_t nbytes() const { return size() * static_cast<std::int64_t>(itemsize(dtype_)); }
  Shape numblocks() const { return array::numblocks(chunks_); }
  std::int64_t npartitions() const { return block_count(chunks_); }
  const std::shared_ptr<const Expression>& expression() const noexcept { return expression_; }

  Key key(const Shape& block) const;  // ('name', i, j, ...), as Dask's array keys
  Key key(std::int64_t flat_block) const { return key(unflatten_block_index(numblocks(), flat_block)); }
  std::vector<Key> keys() const;  // every chunk's key, in flat block order

  // The whole array as one chunk on the caller (rank 0), assembled from its chunks.
  Chunk compute() const;
  Chunk compute(sched::Scheduler& scheduler) const;
  // The same array with its chunks computed once and kept, so that later computations start
  // from them (see docs/array.md for where they are kept).
  Array persist() const;
  Array persist(sched::Scheduler& scheduler) const;

  std::string to_dot() const;
  void to_dot(const std::string& path) const;

  // NumPy-style methods; each is also a free function of the same name.
  Array T() const;
  Array transpose(const Axes& axes = {}) const;
  Array reshape(const Shape& shape) const;
  Array rechunk(const ChunkSpec& chunks) const;
  Array astype(DType dtype) const;
  Array operator[](const std::vector<Index>& index) const;
  Array dot(const Array& other) const;

  Array sum(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array prod(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array mean(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array min(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array max(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array var(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array std(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array any(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  Array all(const Axes& axis = {}, const ReduceOptions& options = {}) const;
  // argmin/argmax take one axis, or none for the flat index over the whole array.
  Array argmin(std::optional<int> axis = std::nullopt, const ReduceOptions& options = {}) const;
  Array argmax(std::optional<int> axis = std::nullopt, const ReduceOptions& options = {}) const;
  // One axis as a plain integer, as NumPy's x.mean(axis=1): x.mean(1) (a template, so that a
  // braced list such as {} or {1} still means Axes).
  template <std::integral I> Array sum(I axis, const ReduceOptions& o = {}) const { return sum(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array prod(I axis, const ReduceOptions& o = {}) const { return prod(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array mean(I axis, const ReduceOptions& o = {}) const { return mean(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array min(I axis, const ReduceOptions& o = {}) const { return min(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array max(I axis, const ReduceOptions& o = {}) const { return max(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array var(I axis, const ReduceOptions& o = {}) const { return var(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array std(I axis, const ReduceOptions& o = {}) const { return std(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array any(I axis, const ReduceOptions& o = {}) const { return any(Axes{static_cast<int>(axis)}, o); }
  template <std::integral I> Array all(I axis, const ReduceOptions& o = {}) const { return all(Axes{static_cast<int>(axis)}, o); }

 private:
  Graph graph_;
  std::string name_;
  DType dtype_;
  Chunks chunks_;
  Shape shape_;
  std::shared_ptr<const Expression> expression_;
};

// Builds a new array of one new layer: one task per output chunk, task_for(block index) giving
// that chunk's task; inputs are the arrays whose chunks the tasks read (their layers become the
// layer's dependencies). The array is named prefix-<counter>.
Array make_array(const std::string& prefix, DType dtype, Chunks chunks,
                 const std::vector<Array>& inputs,
                 const std::function<Task(const Shape& block)>& task_for,
                 std::shared_ptr<const Expression> expression = nullptr);

// The top layers of the inputs' graphs, each once: the dependencies of a new layer that reads
// them (make_array's, and those of layers built by hand, as products' and linalg's).
LayerPtrs top_layers(const std::vector<Array>& inputs);

// Normalises a possibly negative axis against ndim; throws ValueError when out of range.
int normalize_axis(int axis, std::size_t ndim);

}  // namespace dtask::array
