// TaskLayer: the tasks of one blocked algorithm (a factorisation, a solve), gathered into one
// graph layer with a priority per task. Each kind of task has its own key name, made unique
// on first use, so the task stream shows "cholesky-potrf", "cholesky-update" and so on:
//
//   TaskLayer tasks("cholesky");
//   tasks.add(tasks.key("potrf", {k, k}), Task(potrf_function(), {a.key({k, k})}), panel_priority);
//   LayerPtr layer = tasks.finish({a});
//   Array l = output(layer, tasks.name("factor"), a.dtype(), a.chunks());
//
// Priorities follow Dask's annotate: higher runs first among ready tasks (graph.hpp).
#pragma once

#include <map>
#include <string>

#include <dtask/array/array.hpp>

namespace dtask::linalg::detail {

class TaskLayer {
 public:
  explicit TaskLayer(std::string algorithm) : algorithm_(std::move(algorithm)) {}

  // The key name of one kind of task: "<algorithm>-<part>-<counter>", the same on every call.
  const std::string& name(const std::string& part);
  Key key(const std::string& part, const Key::Index& index) { return Key(name(part), index); }

  void add(Key key, Task task, std::int32_t priority = 0);
  bool empty() const noexcept { return tasks_.empty(); }

  // The layer of every task added, reading the inputs' graphs. Call once.
  LayerPtr finish(const std::vector<array::Array>& inputs);

 private:
  std::string algorithm_;
  std::map<std::string, std::string> names_;
  Layer::Tasks tasks_;
  std::vector<std::int32_t> priorities_;
};

// The array whose chunk (i, j, ...) is Key(name, {i, j, ...}) in layer.
array::Array output(const LayerPtr& layer, const std::string& name, DType dtype, array::Chunks chunks);

}  // namespace dtask::linalg::detail
