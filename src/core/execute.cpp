#include <dtask/core/execute.hpp>

namespace dtask {

namespace {

Value run_step(const PlanStep& step, const PlanNode& node, std::span<const Value* const> inputs,
               std::span<const Value> earlier_steps, std::size_t& cursor) {
  const Task& task = *step.task;
  auto resolve = [&](std::uint32_t slot) -> const Value* {
    return slot < inputs.size() ? inputs[slot] : &earlier_steps[slot - inputs.size()];
  };

  std::size_t listed = 0;
  for (const Arg& arg : task.args())
    if (const KeyList* list = std::get_if<KeyList>(&arg)) listed += list->size();
  boost::container::small_vector<const Value*, 4> list_items;
  list_items.reserve(listed);  // spans below point into it: no reallocation after this

  boost::container::small_vector<ArgView, 4> views;
  views.reserve(task.args().size());
  for (const Arg& arg : task.args()) {
    ArgView view;
    if (const Value* literal = std::get_if<Value>(&arg)) {
      view.single = literal;
    } else if (std::holds_alternative<Key>(arg)) {
      view.single = resolve(node.slots[cursor++]);
    } else {
      const auto& keys = std::get<KeyList>(arg);
      const std::size_t begin = list_items.size();
      for (std::size_t i = 0; i < keys.size(); ++i) list_items.push_back(resolve(node.slots[cursor++]));
      view.list = std::span<const Value* const>(list_items.data() + begin, keys.size());
    }
    views.push_back(view);
  }
  return task.function()->call(std::span<const ArgView>(views.data(), views.size()));
}

}  // namespace

Value execute(const PlanNode& node, std::span<const Value* const> inputs) {
  boost::container::small_vector<Value, 1> results;
  results.reserve(node.steps.size());
  std::size_t cursor = 0;
  for (const PlanStep& step : node.steps) {
    try {
      results.push_back(run_step(step, node, inputs, std::span<const Value>(results.data(), results.size()), cursor));
    } catch (const std::exception& e) {
      throw TaskError(step.key->str(), e.what(), __FILE__, __LINE__);
    } catch (...) {
      throw TaskError(step.key->str(), "an exception that is not a std::exception", __FILE__, __LINE__);
    }
  }
  return std::move(results.back());
}

}  // namespace dtask
