#include <dtask/core/plan.hpp>

#include <unordered_map>

namespace dtask {

namespace {

struct KeyPtrHash {
  std::size_t operator()(const Key* k) const noexcept { return k->hash(); }
};
struct KeyPtrEqual {
  bool operator()(const Key* a, const Key* b) const noexcept { return *a == *b; }
};

// Every task of the graph, addressable by key.
struct TaskIndex {
  std::vector<const std::pair<Key, Task>*> entries;
  std::unordered_map<const Key*, std::uint32_t, KeyPtrHash, KeyPtrEqual> by_key;

  explicit TaskIndex(const Graph& graph) {
    std::size_t n = graph.size();
    entries.reserve(n);
    by_key.reserve(n);
    graph.for_each_layer([this](const Layer& layer) {
      for (const auto& entry : layer.tasks()) {
        if (by_key.emplace(&entry.first, static_cast<std::uint32_t>(entries.size())).second)
          entries.push_back(&entry);
      }
    });
  }

  std::int64_t find(const Key& key) const {
    auto it = by_key.find(&key);
    return it == by_key.end() ? -1 : it->second;
  }
};

std::vector<const Key*> key_args(const Task& task) {
  std::vector<const Key*> keys;
  task.for_each_key([&keys](const Key& k) { keys.push_back(&k); });
  return keys;
}

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
  TaskIndex index(graph);
  const std::size_t n = index.entries.size();
  enum : std::uint8_t { unvisited, on_stack, done };
  std::vector<std::uint8_t> state(n, unvisited);
  std::vector<NodeId> node_of(n, 0);
  // Where each dependency sits in the deps of the node being built (valid while stamp matches).
  std::vector<std::uint32_t> stamp(n, UINT32_MAX), position(n, 0);

  Plan plan;
  plan.graph = graph;
  std::unordered_map<std::string, std::uint32_t> prefix_ids;

  auto finish = [&](std::uint32_t raw, const std::vector<const Key*>& keys) {
    const auto& [key, task] = *index.entries[raw];
    PlanNode node;
    node.steps.push_back(PlanStep{key, &task});
    node.slots.reserve(keys.size());
    for (const Key* k : keys) {
      std::uint32_t dep_raw = static_cast<std::uint32_t>(index.find(*k));
      if (stamp[dep_raw] != raw) {
        stamp[dep_raw] = raw;
        position[dep_raw] = static_cast<std::uint32_t>(node.deps.size());
        node.deps.push_back(node_of[dep_raw]);
      }
      node.slots.push_back(position[dep_raw]);
    }
    auto [it, added] = prefix_ids.emplace(key.prefix(), plan.prefixes.size());
    if (added) plan.prefixes.push_back(it->first);
    node.prefix = it->second;
    node_of[raw] = static_cast<NodeId>(plan.nodes.size());
    plan.nodes.push_back(std::move(node));
    state[raw] = done;
  };

  // Iterative depth-first walk from the outputs; nodes are numbered in post-order, so every
  // dependency gets a smaller id than its dependents.
  struct Frame {
    std::uint32_t raw;
    std::vector<const Key*> keys;
    std::size_t next = 0;
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
      stack.push_back(Frame{raw, key_args(task)});
      path.push_back(raw);
    };
    push(static_cast<std::uint32_t>(root));
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next < top.keys.size()) {
        const Key& dep_key = *top.keys[top.next++];
        std::int64_t dep = index.find(dep_key);
        if (dep < 0) {
          DTASK_THROW(GraphError, "task '" + index.entries[top.raw]->first.str() + "' needs key '" +
                                      dep_key.str() + "', which no task in the graph defines");
        }
        if (state[dep] == on_stack) throw_cycle(index, path, static_cast<std::uint32_t>(dep));
        if (state[dep] == unvisited) push(static_cast<std::uint32_t>(dep));
      } else {
        Frame frame = std::move(top);
        stack.pop_back();
        path.pop_back();
        finish(frame.raw, frame.keys);
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
  if (options.fuse) fuse_linear_chains(plan);
  assign_priorities(plan);
  return plan;
}

}  // namespace dtask
