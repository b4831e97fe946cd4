// Graph: the tasks of one or more collections, as a set of immutable layers. Every collection
// operation adds one Layer (its tasks) that points at the layers it reads from; collections
// share layers, so building an expression costs one small layer per operation and merging
// graphs never copies tasks.
//
//   auto a = std::make_shared<Layer>("data", Layer::Tasks{{Key("x"), Task("inc", {Value(1)})}});
//   Graph g(a);                       // one layer
//   Graph both = Graph::merge({g, h}); // shared layers appear once
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/container/small_vector.hpp>

#include <dtask/core/key.hpp>
#include <dtask/core/task.hpp>

namespace dtask {

class Layer;
using LayerPtr = std::shared_ptr<const Layer>;
// Most layers of delayed graphs hold one task and read one or two layers: kept inline.
using LayerPtrs = boost::container::small_vector<LayerPtr, 2>;

class Layer {
 public:
  using Tasks = boost::container::small_vector<std::pair<Key, Task>, 1>;

  // priorities: empty, or one per task, as Dask's annotate(priority=...): among tasks that are
  // ready at the same time, a higher one runs first (default 0); the static order
  // (assign_priorities) breaks ties. Blocked factorisations use it to run a panel before the
  // trailing updates that can wait.
  Layer(std::string name, Tasks tasks, LayerPtrs dependencies = {}, std::vector<std::int32_t> priorities = {});
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;
  // Releases long chains of layers without recursion (a loop of a million delayed calls
  // would otherwise overflow the stack).
  ~Layer();

  const std::string& name() const noexcept { return name_; }
  const Tasks& tasks() const noexcept { return tasks_; }
  const LayerPtrs& dependencies() const noexcept { return dependencies_; }
  std::int32_t priority(std::size_t task) const noexcept { return priorities_.empty() ? 0 : priorities_[task]; }

 private:
  std::string name_;
  Tasks tasks_;
  LayerPtrs dependencies_;
  std::vector<std::int32_t> priorities_;
};

class Graph {
 public:
  Graph() = default;
  explicit Graph(LayerPtr top) { if (top) tops_.push_back(std::move(top)); }
  explicit Graph(const LayerPtrs& tops);

  static Graph merge(std::initializer_list<Graph> graphs);
  static Graph merge(const std::vector<Graph>& graphs);

  // The layers nothing else in this graph depends on (as given; the rest are reachable).
  const LayerPtrs& tops() const noexcept { return tops_; }

  // Calls visit(layer) once for every layer of the graph, dependencies before dependents.
  template <class F>
  void for_each_layer(F&& visit) const {
    for (const Layer* layer : layers_in_order()) visit(*layer);
  }
  std::vector<const Layer*> layers_in_order() const;

  std::size_t size() const;  // number of tasks

 private:
  LayerPtrs tops_;
};

}  // namespace dtask
