// fuse_linear_chains: fewer nodes, the same results, requested keys kept.
#include <gtest/gtest.h>

#include <dtask/core/execute.hpp>
#include <dtask/core/plan.hpp>
#include <dtask/dtask.hpp>
#include <set>
#include <stdexcept>

#include "random_dag.hpp"

namespace {

using dtask::Graph;
using dtask::Key;
using dtask::Layer;
using dtask::Plan;
using dtask::Task;
using dtask::Value;
using dtask_test::make_layer;

long fuse_src(long x) { return x; }
long fuse_inc(long x) { return x + 1; }
long fuse_twice(long x) { return 2 * x; }
long fuse_add(long a, long b) { return a + b; }
long fuse_throw_if_odd(long x) {
  if (x % 2) throw std::runtime_error("odd input " + std::to_string(x));
  return x;
}
DTASK_FUNCTIONS(fuse_src, fuse_inc, fuse_twice, fuse_add, fuse_throw_if_odd);

Key chain_key(int i) { return Key("chain", {i}); }

// chain[0] = start, chain[i] = inc or twice of chain[i - 1]
Graph chain(int n, long start) {
  Layer::Tasks tasks{{chain_key(0), Task("fuse_src", {Value(start)})}};
  for (int i = 1; i < n; ++i) tasks.emplace_back(chain_key(i), Task(i % 2 ? "fuse_inc" : "fuse_twice", {chain_key(i - 1)}));
  return Graph(make_layer("chain", std::move(tasks)));
}

long chain_reference(int n, long start, int upto) {
  long v = start;
  for (int i = 1; i <= upto && i < n; ++i) v = i % 2 ? v + 1 : 2 * v;
  return v;
}

std::set<Key> node_keys(const Plan& plan) {
  std::set<Key> keys;
  for (const auto& node : plan.nodes) keys.insert(node.key());
  return keys;
}

// Runs node by node in id order (ids are topological) through execute.
std::vector<Value> run_plan(const Plan& plan) {
  std::vector<Value> results(plan.size());
  for (dtask::NodeId id = 0; id < plan.size(); ++id) {
    std::vector<const Value*> inputs;
    for (dtask::NodeId dep : plan.nodes[id].deps) inputs.push_back(&results[dep]);
    results[id] = dtask::execute(plan.nodes[id], inputs);
  }
  std::vector<Value> out;
  for (dtask::NodeId o : plan.outputs) out.push_back(results[o]);
  return out;
}

TEST(FuseLinearChains, ChainBecomesOneNodeWithEveryStep) {
  Plan plan = dtask::build_plan(chain(10, 3), std::vector<Key>{chain_key(9)});
  dtask::fuse_linear_chains(plan);
  ASSERT_EQ(plan.size(), 1u);
  ASSERT_EQ(plan.nodes[0].steps.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(*plan.nodes[0].steps[static_cast<std::size_t>(i)].key, chain_key(i));
  EXPECT_EQ(plan.nodes[0].key(), chain_key(9));
  EXPECT_EQ(plan.nodes[plan.outputs[0]].key(), chain_key(9));
  EXPECT_EQ(run_plan(plan)[0].get<long>(), chain_reference(10, 3, 9));
}

TEST(FuseLinearChains, RequestedIntermediateKeysAreNotFusedAway) {
  std::vector<Key> outputs{chain_key(9), chain_key(4), chain_key(6)};
  Plan plan = dtask::build_plan(chain(10, 3), outputs);
  dtask::fuse_linear_chains(plan);
  EXPECT_EQ(node_keys(plan), (std::set<Key>{chain_key(4), chain_key(6), chain_key(9)}));
  auto values = run_plan(plan);
  EXPECT_EQ(values[0].get<long>(), chain_reference(10, 3, 9));
  EXPECT_EQ(values[1].get<long>(), chain_reference(10, 3, 4));
  EXPECT_EQ(values[2].get<long>(), chain_reference(10, 3, 6));
}

TEST(FuseLinearChains, DiamondIsLeftAlone) {
  Graph g(make_layer("d", {{Key("a"), Task("fuse_src", {Value(1L)})},
                           {Key("b"), Task("fuse_inc", {Key("a")})},
                           {Key("c"), Task("fuse_twice", {Key("a")})},
                           {Key("d"), Task("fuse_add", {Key("b"), Key("c")})}}));
  Plan plan = dtask::build_plan(g, std::vector<Key>{Key("d")});
  dtask::fuse_linear_chains(plan);
  EXPECT_EQ(plan.size(), 4u);
  EXPECT_EQ(run_plan(plan)[0].get<long>(), (1 + 1) + 2 * 1);
}

TEST(FuseLinearChains, TaskReadingItsInputTwiceIsFused) {
  Graph g(make_layer("d", {{Key("a"), Task("fuse_src", {Value(5L)})},
                           {Key("b"), Task("fuse_add", {Key("a"), Key("a")})},
                           {Key("c"), Task("fuse_add", {Key("b"), Key("b")})}}));
  Plan plan = dtask::build_plan(g, std::vector<Key>{Key("c")});
  dtask::fuse_linear_chains(plan);
  EXPECT_EQ(plan.size(), 1u);
  EXPECT_EQ(run_plan(plan)[0].get<long>(), 20);
}

TEST(FuseLinearChains, BranchesFuseUpToTheJoin) {
  // two chains of 5 joined by add: each chain becomes one node, the join stays
  Layer::Tasks tasks;
  for (int b = 0; b < 2; ++b) {
    tasks.emplace_back(Key("br", {b, 0}), Task("fuse_src", {Value(long{b + 1})}));
    for (int i = 1; i < 5; ++i) tasks.emplace_back(Key("br", {b, i}), Task("fuse_inc", {Key("br", {b, i - 1})}));
  }
  tasks.emplace_back(Key("join"), Task("fuse_add", {Key("br", {0, 4}), Key("br", {1, 4})}));
  tasks.emplace_back(Key("after"), Task("fuse_twice", {Key("join")}));
  Plan plan = dtask::build_plan(Graph(make_layer("t", std::move(tasks))), std::vector<Key>{Key("after")});
  dtask::fuse_linear_chains(plan);
  EXPECT_EQ(node_keys(plan), (std::set<Key>{Key("br", {0, 4}), Key("br", {1, 4}), Key("after")}));
  EXPECT_EQ(run_plan(plan)[0].get<long>(), 2 * ((1 + 4) + (2 + 4)));
}

TEST(FuseLinearChains, NodeCountDropsByTheNumberOfFusableEdges) {
  std::mt19937 rng(31);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::build_plan(dag.graph, dag.outputs);
    // Count a -> b where b reads only a, a feeds only b, and a was not requested.
    std::set<dtask::NodeId> requested(plan.outputs.begin(), plan.outputs.end());
    std::size_t fusable = 0;
    for (const auto& node : plan.nodes)
      if (node.deps.size() == 1 && plan.nodes[node.deps[0]].dependents.size() == 1 && !requested.count(node.deps[0]))
        ++fusable;
    const std::size_t before = plan.size();
    dtask::fuse_linear_chains(plan);
    EXPECT_EQ(plan.size(), before - fusable);
    std::size_t steps = 0;
    for (const auto& node : plan.nodes) steps += node.steps.size();
    EXPECT_EQ(steps, before) << "every task survives as a step";
    for (std::size_t i = 0; i < dag.outputs.size(); ++i) EXPECT_EQ(plan.nodes[plan.outputs[i]].key(), dag.outputs[i]);
    for (dtask::NodeId id = 0; id < plan.size(); ++id)
      for (dtask::NodeId dep : plan.nodes[id].deps) EXPECT_LT(dep, id);
  }
}

TEST(FuseLinearChains, FusedPlansComputeTheReferenceValues) {
  std::mt19937 rng(32);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    auto want = dtask_test::reference_values(dag.graph, dag.outputs);
    Plan fused = dtask::optimize(dag.graph, dag.outputs, {.fuse = true});
    Plan plain = dtask::optimize(dag.graph, dag.outputs, {.fuse = false});
    EXPECT_LE(fused.size(), plain.size());
    auto got_fused = run_plan(fused);
    auto got_plain = run_plan(plain);
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(got_fused[i].get<long>(), want[i]) << "round " << round << " output " << i;
      EXPECT_EQ(got_plain[i].get<long>(), want[i]) << "round " << round << " output " << i;
    }
  }
}

TEST(FuseLinearChains, ErrorInsideAFusedChainNamesTheStepThatThrew) {
  Graph g(make_layer("c", {{Key("s"), Task("fuse_src", {Value(2L)})},
                           {Key("odd"), Task("fuse_inc", {Key("s")})},
                           {Key("thrower"), Task("fuse_throw_if_odd", {Key("odd")})},
                           {Key("end"), Task("fuse_twice", {Key("thrower")})}}));
  Plan plan = dtask::optimize(g, std::vector<Key>{Key("end")});
  ASSERT_EQ(plan.size(), 1u);
  try {
    run_plan(plan);
    FAIL() << "no TaskError";
  } catch (const dtask::TaskError& e) {
    EXPECT_EQ(e.key(), "thrower");
    EXPECT_NE(std::string(e.what()).find("odd input 3"), std::string::npos) << e.what();
    EXPECT_EQ(e.cause(), "odd input 3");
  }
}

}  // namespace
