#include "task_layer.hpp"

namespace dtask::linalg::detail {

const std::string& TaskLayer::name(const std::string& part) {
  auto [it, added] = names_.try_emplace(part);
  if (added) it->second = unique_name(algorithm_ + "-" + part);
  return it->second;
}

void TaskLayer::add(Key key, Task task, std::int32_t priority) {
  tasks_.emplace_back(std::move(key), std::move(task));
  priorities_.push_back(priority);
}

LayerPtr TaskLayer::finish(const std::vector<array::Array>& inputs) {
  return std::make_shared<const Layer>(unique_name(algorithm_), std::move(tasks_), array::top_layers(inputs),
                                       std::move(priorities_));
}

array::Array output(const LayerPtr& layer, const std::string& name, DType dtype, array::Chunks chunks) {
  return array::Array(Graph(layer), name, dtype, std::move(chunks));
}

}  // namespace dtask::linalg::detail
