#include <dtask/core/plan.hpp>

#include "flat_index.hpp"
#include "name_table.hpp"

namespace dtask {

namespace {

// Every task of the graph, addressable by key; the first definition of a key wins.
struct TaskIndex {
  std::vector<const std::pair<Key, Task>*> entries;
  std::vector<std::int32_t> priorities;  // the layers' annotations, per entry
  detail::FlatIndex by_key;

  explicit TaskIndex(const std::vector<const Layer*>& layers)
      : by_key(count_tasks(layers)) {
    entries.reserve(count_tasks(layers));
    priorities.reserve(count_tasks(layers));
    for (const Layer* layer : layers) {
      for (std::size_t t = 0; t < layer->tasks().size(); ++t) {
        const auto& entry = layer->tasks()[t];
        auto next = static_cast<std::uint32_t>(entries.size());
        if (by_key.insert(entry.first.hash(), next, [&](std::uint32_t i) { return entries[i]->first == entry.first; }).second) {
          entries.push_back(&entry);
          priorities.push_back(layer->priority(t));
        }
      }
    }
  }

  static std::size_t count_tasks(const std::vector<const Layer*>& layers) {
    std::size_t n = 0;
    for (const Layer* layer : layers) n += layer->tasks().size();
    return n;
  }

  std::int64_t find(const Key& key) const {
    std::uint32_t i = by_key.find(key.hash(), [&](std::uint32_t j) { return entries[j]->first == key; });
    return i == detail::FlatIndex::none ? -1 : static_cast<std::int64_t>(i);
  }
};

// Walks the key arguments of one task, one at a time (lists item by item).
class KeyCursor {
 public:
  explicit KeyCursor(const Task& task) : args_(&task.args()) {}

  const Key* next() {
    for (; arg_ < args_->size(); ++arg_, item_ = 0) {
      const Arg& arg = (*args_)[arg_];
      if (const Key* key = std::get_if<Key>(&arg)) {
        if (item_++ == 0) return key;
      } else if (const KeyList* list = std::get_if<KeyList>(&arg)) {
        if (item_ < list->size()) return &(*list)[item_++];
      }
    }
    return nullptr;
  }

 private:
  const Task::Args* args_;
  std::size_t arg_ = 0;
  std::size_t item_ = 0;
};

// Dense ids for task prefixes, looked up without building strings.
class PrefixIds {
 public:
  explicit PrefixIds(std::vector<std::string>& names) : names_(names) {}

  std::uint32_t operator()(const Key& key) {
    const std::string_view prefix = key_prefix(key.name());
    auto it = ids_.find(prefix);
    if (it != ids_.end()) return it->second;
    const auto id = static_cast<std::uint32_t>(names_.size());
    names_.emplace_back(prefix);
    ids_.emplace(std::string(prefix), id);
    return id;
  }

 private:
  std::vector<std::string>& names_;
  detail::NameTable<std::uint32_t> ids_;
};

[[noreturn]] void throw_cycle(const TaskIndex& index, const std::vector<std::uint32_t>& path,
                              std::uint32_t back_to) {
  std::string text;
  bool in_cycle = false;
  for (std::uint32_t raw : path) {
    if (raw == back_to) in_cycle = true;
    if (in_cycle) text += "'" + index.entries[raw]->first.str() + "' -> ";
  }
  text += "'" + index.entries[back_to]->first.str() + "'";
  DTASK_THROW(GraphError, "the graph has a cycle: " + text);
}

}  // namespace

Plan build_plan(const Graph& graph, std::span<const Key> outputs) {
  TaskIndex index(graph.layers_in_order());
  const std::size_t n = index.entries.size();
  enum : std::uint8_t { unvisited, on_stack, done };
  std::vector<std::uint8_t> state(n, unvisited);
  std::vector<NodeId> node_of(n, 0);
  // Where each dependency sits in the deps of the node being built (valid while stamp matches).
  std::vector<std::uint32_t> stamp(n, UINT32_MAX), position(n, 0);

  Plan plan;
  plan.graph = graph;
  plan.nodes.reserve(n);
  PrefixIds prefix_id(plan.prefixes);

  // A task whose dependencies are all numbered becomes the next node. Its dependencies were
  // resolved once on the way down (deps_of), in argument order.
  std::vector<std::uint32_t> deps_of;
  auto finish = [&](std::uint32_t raw, std::span<const std::uint32_t> dep_raws) {
    const auto& [key, task] = *index.entries[raw];
    PlanNode& node = plan.nodes.emplace_back();
    node.steps.push_back(PlanStep{&key, &task});
    node.slots.reserve(dep_raws.size());
    for (std::uint32_t dep_raw : dep_raws) {
      if (stamp[dep_raw] != raw) {
        stamp[dep_raw] = raw;
        position[dep_raw] = static_cast<std::uint32_t>(node.deps.size());
        node.deps.push_back(node_of[dep_raw]);
      }
      node.slots.push_back(position[dep_raw]);
    }
    node.prefix = prefix_id(key);
    node.user_priority = index.priorities[raw];
    node_of[raw] = static_cast<NodeId>(plan.nodes.size() - 1);
    state[raw] = done;
  };

  // Iterative depth-first walk from the outputs; nodes are numbered in post-order, so every
  // dependency gets a smaller id than its dependents.
  struct Frame {
    std::uint32_t raw;
    KeyCursor keys;
    std::size_t first_dep;  // where this task's resolved dependencies start in deps_of
  };
  std::vector<Frame> stack;
  std::vector<std::uint32_t> path;
  for (const Key& out : outputs) {
    std::int64_t root = index.find(out);
    if (root < 0) {
      DTASK_THROW(GraphError, "key '" + out.str() + "' was requested, but no task in the graph defines it");
    }
    if (state[root] == done) continue;
    auto push = [&](std::uint32_t raw) {
      const auto& [key, task] = *index.entries[raw];
      if (!task.function()) {
        DTASK_THROW(GraphError, "task '" + key.str() + "' calls function '" + task.function_name() +
                                    "', which is not registered (add DTASK_FUNCTIONS(" +
                                    task.function_name() + "))");
      }
      state[raw] = on_stack;
      stack.push_back(Frame{raw, KeyCursor(task), deps_of.size()});
      path.push_back(raw);
    };
    push(static_cast<std::uint32_t>(root));
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (const Key* dep_key = top.keys.next()) {
        std::int64_t dep = index.find(*dep_key);
        if (dep < 0) {
          DTASK_THROW(GraphError, "task '" + index.entries[top.raw]->first.str() + "' needs key '" +
                                      dep_key->str() + "', which no task in the graph defines");
        }
        if (state[dep] == on_stack) throw_cycle(index, path, static_cast<std::uint32_t>(dep));
        deps_of.push_back(static_cast<std::uint32_t>(dep));
        if (state[dep] == unvisited) push(static_cast<std::uint32_t>(dep));
      } else {
        const std::uint32_t raw = top.raw;
        const std::size_t first = top.first_dep;
        finish(raw, std::span<const std::uint32_t>(deps_of).subspan(first));
        deps_of.resize(first);
        stack.pop_back();
        path.pop_back();
      }
    }
  }

  for (const Key& out : outputs) plan.outputs.push_back(node_of[index.find(out)]);
  for (NodeId id = 0; id < plan.nodes.size(); ++id)
    for (NodeId dep : plan.nodes[id].deps) plan.nodes[dep].dependents.push_back(id);
  return plan;
}

Plan optimize(const Graph& graph, std::span<const Key> outputs, OptimizeOptions options) {
  Plan plan = build_plan(graph, outputs);
  if (options.fuse) fuse_linear_chains(plan, options.keep_unfused);
  assign_priorities(plan);
  return plan;
}

}  // namespace dtask
