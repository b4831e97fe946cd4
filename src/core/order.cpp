#include <algorithm>
#include <dtask/core/plan.hpp>
#include <limits>

namespace dtask {

namespace {

// How much work hangs below each node: itself plus its dependencies' totals (shared nodes
// counted on every path, saturating; a heuristic, as dask.order's).
std::vector<std::uint64_t> subtree_sizes(const std::vector<PlanNode>& nodes) {
  constexpr auto cap = std::numeric_limits<std::uint64_t>::max() / 2;
  std::vector<std::uint64_t> size(nodes.size(), 1);
  for (NodeId id = 0; id < nodes.size(); ++id)  // dependencies have smaller ids
    for (NodeId dep : nodes[id].deps) size[id] = std::min(cap, size[id] + size[dep]);
  return size;
}

// Renumbers the walk's priorities so that annotated ones come first: by user_priority, higher
// first, then by the walk's order.
void apply_annotations(std::vector<PlanNode>& nodes) {
  const bool annotated = std::any_of(nodes.begin(), nodes.end(), [](const PlanNode& n) { return n.user_priority != 0; });
  if (!annotated) return;
  std::vector<NodeId> order(nodes.size());
  for (NodeId id = 0; id < nodes.size(); ++id) order[nodes[id].priority] = id;
  std::stable_sort(order.begin(), order.end(),
                   [&](NodeId a, NodeId b) { return nodes[a].user_priority > nodes[b].user_priority; });
  for (std::uint32_t rank = 0; rank < order.size(); ++rank) nodes[order[rank]].priority = rank;
}

}  // namespace

void assign_priorities(Plan& plan) {
  auto& nodes = plan.nodes;
  const auto size = subtree_sizes(nodes);
  std::vector<bool> placed(nodes.size(), false);
  std::uint32_t next_priority = 0;

  // Post-order walk from each output; a node's priority is its place in that walk, so a node
  // runs right after the last of its inputs, and each subtree completes before the next.
  // Each frame's dependencies, largest subtree first, sit on one shared stack (`pending`).
  struct Frame {
    NodeId id;
    std::size_t begin;  // this frame's dependencies are pending[begin, end)
    std::size_t next;
    std::size_t end;
  };
  std::vector<NodeId> pending;
  std::vector<Frame> stack;
  auto enter = [&](NodeId id) {
    placed[id] = true;
    const auto& deps = nodes[id].deps;
    const std::size_t begin = pending.size();
    pending.insert(pending.end(), deps.begin(), deps.end());
    if (deps.size() > 1) {
      std::stable_sort(pending.begin() + static_cast<std::ptrdiff_t>(begin), pending.end(),
                       [&](NodeId a, NodeId b) { return size[a] > size[b]; });
    }
    stack.push_back(Frame{id, begin, begin, pending.size()});
  };
  for (NodeId out : plan.outputs) {
    if (placed[out]) continue;
    enter(out);
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next < top.end) {
        NodeId dep = pending[top.next++];
        if (!placed[dep]) enter(dep);
      } else {
        nodes[top.id].priority = next_priority++;
        pending.resize(top.begin);
        stack.pop_back();
      }
    }
  }
  apply_annotations(nodes);
}

}  // namespace dtask
