#include <dtask/core/graph.hpp>

#include <dtask/core/error.hpp>

#include <unordered_set>

#include "flat_index.hpp"

namespace dtask {

namespace {

// While a layer is being destroyed on this thread, where nested destructors leave the layers
// they would release (plain pointer: no thread_local object to be torn down before statics).
thread_local std::vector<LayerPtr>* releasing = nullptr;

}  // namespace

Layer::Layer(std::string name, Tasks tasks, LayerPtrs dependencies, std::vector<std::int32_t> priorities)
    : name_(std::move(name)), tasks_(std::move(tasks)), dependencies_(std::move(dependencies)),
      priorities_(std::move(priorities)) {
  if (!priorities_.empty() && priorities_.size() != tasks_.size()) {
    DTASK_THROW(ValueError, "layer " + name_ + " has " + std::to_string(tasks_.size()) + " tasks but " +
                                std::to_string(priorities_.size()) + " priorities");
  }
}

Layer::~Layer() {
  if (releasing) {
    for (auto& dep : dependencies_)
      if (dep) releasing->push_back(std::move(dep));
    return;
  }
  // The outermost destructor releases the whole chain one layer at a time, so destroying a
  // chain of a million layers never nests destructors.
  std::vector<LayerPtr> pending;
  releasing = &pending;
  for (auto& dep : dependencies_) dep.reset();
  while (!pending.empty()) {
    LayerPtr layer = std::move(pending.back());
    pending.pop_back();
    layer.reset();
  }
  releasing = nullptr;
}

Graph::Graph(const LayerPtrs& tops) {
  std::unordered_set<const Layer*> seen;
  for (const auto& layer : tops)
    if (layer && seen.insert(layer.get()).second) tops_.push_back(layer);
}

Graph Graph::merge(std::initializer_list<Graph> graphs) {
  return merge(std::vector<Graph>(graphs));
}

Graph Graph::merge(const std::vector<Graph>& graphs) {
  LayerPtrs tops;
  for (const Graph& g : graphs) tops.insert(tops.end(), g.tops_.begin(), g.tops_.end());
  return Graph(tops);
}

std::vector<const Layer*> Graph::layers_in_order() const {
  // Iterative post-order walk: a layer comes after every layer it depends on.
  std::vector<const Layer*> order;
  std::vector<const Layer*> seen;  // every layer entered, indexed by `entered`
  detail::FlatIndex entered;
  auto enter = [&](const Layer* layer) {
    auto hash = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(layer));
    auto [index, added] = entered.insert(hash, static_cast<std::uint32_t>(seen.size()),
                                         [&](std::uint32_t i) { return seen[i] == layer; });
    if (added) seen.push_back(layer);
    return added;
  };
  std::vector<std::pair<const Layer*, std::size_t>> stack;
  for (const LayerPtr& top : tops_) {
    if (!enter(top.get())) continue;
    stack.emplace_back(top.get(), 0);
    while (!stack.empty()) {
      auto& [layer, next] = stack.back();
      if (next < layer->dependencies().size()) {
        const Layer* dep = layer->dependencies()[next++].get();
        if (dep && enter(dep)) stack.emplace_back(dep, 0);
      } else {
        order.push_back(layer);
        stack.pop_back();
      }
    }
  }
  return order;
}

std::size_t Graph::size() const {
  std::size_t n = 0;
  for_each_layer([&n](const Layer& layer) { n += layer.tasks().size(); });
  return n;
}

}  // namespace dtask
