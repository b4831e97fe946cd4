#include <dtask/array/array.hpp>

#include <algorithm>
#include <limits>

#include <dtask/array/copy_region.hpp>
#include <dtask/core/function.hpp>
#include <dtask/diagnostics/dot.hpp>

namespace dtask::array {

namespace {

Shape shape_of(const Chunks& chunks) {
  Shape shape;
  for (const auto& sizes : chunks) shape.push_back(chunk_offsets(sizes).back());
  return shape;
}

}  // namespace

Array::Array(Graph graph, std::string name, DType dtype, Chunks chunks,
             std::shared_ptr<const Expression> expression)
    : graph_(std::move(graph)), name_(std::move(name)), dtype_(dtype), chunks_(std::move(chunks)),
      shape_(shape_of(chunks_)), expression_(std::move(expression)) {
  for (const auto& sizes : chunks_) {
    if (sizes.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      DTASK_THROW(ValueError, "an axis of " + std::to_string(sizes.size()) + " chunks has too many; choose larger chunks");
    }
  }
  if (npartitions() > std::numeric_limits<std::int32_t>::max()) {
    DTASK_THROW(ValueError, "an array of " + std::to_string(npartitions()) +
                                " chunks has too many; choose larger chunks");
  }
}

Key Array::key(const Shape& block) const { return Key(name_, Key::Index(block.begin(), block.end())); }

std::vector<Key> Array::keys() const {
  std::vector<Key> keys;
  keys.reserve(static_cast<std::size_t>(npartitions()));
  for (std::int64_t b = 0; b < npartitions(); ++b) keys.push_back(key(b));
  return keys;
}

Chunk Array::compute() const { return compute(sched::default_scheduler()); }

Chunk Array::compute(sched::Scheduler& scheduler) const {
  const std::vector<Key> all = keys();
  const std::vector<Value> values = scheduler.get(graph_, all);
  std::vector<const Chunk*> blocks;
  blocks.reserve(values.size());
  for (const Value& v : values) blocks.push_back(&v.get<Chunk>());
  if (blocks.size() == 1 && blocks.front()->shape() == shape_) return *blocks.front();
  return assemble_blocks(dtype_, chunks_, blocks);
}

Array Array::persist() const { return persist(sched::default_scheduler()); }

// Under the same keys, as Dask: a later graph that still holds the original tasks finds the
// persisted ones too, and either gives the same values.
Array Array::persist(sched::Scheduler& scheduler) const {
  const std::vector<Key> all = keys();
  return Array(sched::persisted_graph(scheduler, graph_, all, name_), name_, dtype_, chunks_, nullptr);
}

std::string Array::to_dot() const { return diagnostics::to_dot(graph_); }
void Array::to_dot(const std::string& path) const { diagnostics::write_dot(graph_, path); }

Array make_array(const std::string& prefix, DType dtype, Chunks chunks,
                 const std::vector<Array>& inputs,
                 const std::function<Task(const Shape& block)>& task_for,
                 std::shared_ptr<const Expression> expression) {
  std::string name = unique_name(prefix);
  const Shape grid = numblocks(chunks);
  const std::int64_t count = block_count(chunks);
  Layer::Tasks tasks;
  tasks.reserve(static_cast<std::size_t>(count));
  for (std::int64_t b = 0; b < count; ++b) {
    const Shape block = unflatten_block_index(grid, b);
    tasks.emplace_back(Key(name, Key::Index(block.begin(), block.end())), task_for(block));
  }
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), top_layers(inputs));
  return Array(Graph(std::move(layer)), std::move(name), dtype, std::move(chunks), std::move(expression));
}

LayerPtrs top_layers(const std::vector<Array>& inputs) {
  LayerPtrs tops;
  for (const Array& input : inputs) {
    for (const LayerPtr& top : input.graph().tops()) {
      if (std::find(tops.begin(), tops.end(), top) == tops.end()) tops.push_back(top);
    }
  }
  return tops;
}

int normalize_axis(int axis, std::size_t ndim) {
  const int n = static_cast<int>(ndim);
  if (axis < -n || axis >= n) {
    DTASK_THROW(ValueError, "axis " + std::to_string(axis) + " is out of bounds for an array of " +
                                std::to_string(ndim) + " dimensions");
  }
  return axis < 0 ? axis + n : axis;
}

}  // namespace dtask::array
