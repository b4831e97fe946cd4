// Random task graphs for the plan, order, state machine and scheduler tests, and an
// independent reference evaluation of them.
//
//   std::mt19937 rng(7);
//   RandomDag dag = random_dag(rng);
//   std::vector<long> want = reference_values(dag.graph, dag.outputs);
//
// Every task computes a long modulo dag_modulus from literals and the results of earlier
// tasks: leaves, unary and binary tasks with literals, and sums over lists of keys. The
// reference interprets the tasks itself (memoised recursion over the layers' tasks) and never
// calls dtask to run anything.
#pragma once

#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <dtask/dtask.hpp>

namespace dtask_test {

inline constexpr long dag_modulus = 1'000'003;

struct RandomDagOptions {
  int min_nodes = 1;
  int max_nodes = 200;
  int max_outputs = 5;
  // Index of a node whose task throws (dag_fail), or -1 for none.
  int fail_node = -1;
};

struct RandomDag {
  dtask::Graph graph;
  std::vector<dtask::Key> keys;     // every task's key, dependencies before dependents
  std::vector<dtask::Key> outputs;  // the requested keys: duplicates and intermediates included
};

RandomDag random_dag(std::mt19937& rng, const RandomDagOptions& options = {});

// What dag_fail throws, and how the reference reports it.
struct ReferenceFailure : std::runtime_error {
  ReferenceFailure(const dtask::Key& failed_key, const std::string& message)
      : std::runtime_error(message), key(failed_key) {}
  dtask::Key key;
};

// The value of every key in keys, by memoised recursion over the graph's tasks. Throws
// ReferenceFailure when a key depends on a failing task.
std::vector<long> reference_values(const dtask::Graph& graph, std::span<const dtask::Key> keys);

// True when key is, or depends on, the key failing.
bool depends_on(const dtask::Graph& graph, const dtask::Key& key, const dtask::Key& failing);

// A one-layer graph from tasks.
inline dtask::LayerPtr make_layer(std::string name, dtask::Layer::Tasks tasks,
                                  dtask::LayerPtrs deps = {}) {
  return std::make_shared<const dtask::Layer>(std::move(name), std::move(tasks), std::move(deps));
}

}  // namespace dtask_test
