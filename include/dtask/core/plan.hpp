// Plan: a graph compiled for one computation. Building it merges the layers, keeps only the
// tasks the requested keys need (cull), checks that every key is defined, every function is
// registered and there is no cycle, and numbers the tasks densely so that schedulers work on
// arrays, not hash maps. fuse_linear_chains and assign_priorities then refine it.
//
//   Plan plan = optimize(graph, {Key("total")});   // build, fuse, order
//   plan.nodes[plan.outputs[0]].key();              // == Key("total")
//
// A Plan keeps its Graph alive; its nodes point at the graph's tasks.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <dtask/core/graph.hpp>

namespace dtask {

using NodeId = std::uint32_t;

struct PlanStep {
  const Key* key;    // both point into the plan's graph
  const Task* task;
};

// One schedulable unit: a task, or after fusion a chain of tasks run in one go.
struct PlanNode {
  boost::container::small_vector<PlanStep, 1> steps;  // the last step's result is the node's
  boost::container::small_vector<NodeId, 2> deps;     // nodes whose results it reads, unique
  boost::container::small_vector<NodeId, 2> dependents;
  // For every key argument of every step, in order: an index into deps, or, from deps.size()
  // on, the result of an earlier step of this node.
  boost::container::small_vector<std::uint32_t, 2> slots;
  std::uint32_t priority = 0;  // lower runs first
  std::int32_t user_priority = 0;  // the layer's annotation (higher first); the largest of a fused chain
  std::uint32_t prefix = 0;    // index into Plan::prefixes

  const Key& key() const { return *steps.back().key; }
};

struct Plan {
  Graph graph;
  std::vector<PlanNode> nodes;   // topologically sorted: every dep has a smaller id
  std::vector<NodeId> outputs;   // one per requested key, in the order asked
  std::vector<std::string> prefixes;

  std::size_t size() const noexcept { return nodes.size(); }
};

// Collects the tasks the outputs need (cull) and checks them; throws GraphError naming the key
// for a cycle, a key no task defines, or an unregistered function.
Plan build_plan(const Graph& graph, std::span<const Key> outputs);

// Merges chains a -> b where a has b as its only dependent and b reads only a, unless a was
// requested or calls keep_unfused: fewer, larger tasks with the same results.
void fuse_linear_chains(Plan& plan, const Function* keep_unfused = nullptr);

// Static priorities in the spirit of dask.order: depth first from the outputs, larger
// dependency subtrees first, so that each branch finishes before the next one starts and
// intermediate results can be released early. Annotated priorities (Layer) come first: the
// order is by user_priority, higher first, then by that walk.
void assign_priorities(Plan& plan);

struct OptimizeOptions {
  bool fuse = true;
  // Tasks calling this function stay nodes of their own, never absorbed into a chain: the
  // scheduler recognises them by their function (the MPI runtime's persisted values).
  const Function* keep_unfused = nullptr;
};

// build_plan, then (optionally) fusion, then priorities: what every scheduler runs.
Plan optimize(const Graph& graph, std::span<const Key> outputs, OptimizeOptions options = {});

}  // namespace dtask
