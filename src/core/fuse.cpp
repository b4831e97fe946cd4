#include <algorithm>
#include <dtask/core/plan.hpp>

namespace dtask {

void fuse_linear_chains(Plan& plan, const Function* keep_unfused) {
  auto& nodes = plan.nodes;
  std::vector<bool> requested(nodes.size(), false);
  for (NodeId out : plan.outputs) requested[out] = true;

  // Nodes are in topological order, so a chain a -> b -> c is absorbed front to back: b takes
  // a, then c takes the fused b.
  std::vector<bool> absorbed(nodes.size(), false);
  for (NodeId b = 0; b < nodes.size(); ++b) {
    PlanNode& node = nodes[b];
    if (node.deps.size() != 1) continue;
    NodeId a = node.deps[0];
    PlanNode& parent = nodes[a];
    if (parent.dependents.size() != 1 || requested[a]) continue;
    if (keep_unfused && parent.steps.back().task->function() == keep_unfused) continue;

    // b's key arguments all read a, which becomes the last step before b's own.
    const auto a_result = static_cast<std::uint32_t>(parent.deps.size() + parent.steps.size() - 1);
    for (auto& slot : node.slots) slot = a_result;
    PlanNode fused = std::move(parent);
    fused.steps.push_back(std::move(node.steps.back()));
    fused.slots.insert(fused.slots.end(), node.slots.begin(), node.slots.end());
    fused.dependents = std::move(node.dependents);
    fused.prefix = node.prefix;
    fused.user_priority = std::max(fused.user_priority, node.user_priority);
    for (NodeId dep : fused.deps)
      for (NodeId& d : nodes[dep].dependents)
        if (d == a) d = b;
    node = std::move(fused);
    absorbed[a] = true;
  }

  // Renumber the survivors in place, keeping their order (still topological).
  if (std::find(absorbed.begin(), absorbed.end(), true) == absorbed.end()) return;
  std::vector<NodeId> new_id(nodes.size(), 0);
  NodeId next = 0;
  for (NodeId id = 0; id < nodes.size(); ++id)
    if (!absorbed[id]) new_id[id] = next++;
  for (NodeId id = 0; id < nodes.size(); ++id) {
    if (absorbed[id]) continue;
    PlanNode& node = nodes[id];
    for (NodeId& d : node.deps) d = new_id[d];
    for (NodeId& d : node.dependents) d = new_id[d];
    if (new_id[id] != id) nodes[new_id[id]] = std::move(node);
  }
  nodes.resize(next);
  for (NodeId& out : plan.outputs) out = new_id[out];
}

}  // namespace dtask
