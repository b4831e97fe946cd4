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

}  // namespace

void assign_priorities(Plan& plan) {
  auto& nodes = plan.nodes;
  const auto size = subtree_sizes(nodes);
  std::vector<bool> placed(nodes.size(), false);
  std::uint32_t next_priority = 0;

  // Post-order walk from each output; a node's priority is its place in that walk, so a node
  // runs right after the last of its inputs, and each subtree completes before the next.
  struct Frame {
    NodeId id;
    std::vector<NodeId> order;  // dependencies, largest subtree first
    std::size_t next = 0;
  };
  auto dependencies_in_order = [&](NodeId id) {
    std::vector<NodeId> deps(nodes[id].deps.begin(), nodes[id].deps.end());
    std::stable_sort(deps.begin(), deps.end(),
                     [&](NodeId a, NodeId b) { return size[a] > size[b]; });
    return deps;
  };
  std::vector<Frame> stack;
  for (NodeId out : plan.outputs) {
    if (placed[out]) continue;
    placed[out] = true;  // "entered"; a DAG cannot reach it again while it is on the stack
    stack.push_back(Frame{out, dependencies_in_order(out)});
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next < top.order.size()) {
        NodeId dep = top.order[top.next++];
        if (!placed[dep]) {
          placed[dep] = true;
          stack.push_back(Frame{dep, dependencies_in_order(dep)});
        }
      } else {
        nodes[top.id].priority = next_priority++;
        stack.pop_back();
      }
    }
  }
}

}  // namespace dtask
