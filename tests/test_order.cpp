// assign_priorities: a topological, distinct, deterministic order that finishes one branch
// before starting the next and takes the larger subtree first.
#include <gtest/gtest.h>

#include <algorithm>
#include <dtask/core/plan.hpp>
#include <dtask/dtask.hpp>
#include <map>
#include <set>

#include "random_dag.hpp"

namespace {

using dtask::Graph;
using dtask::Key;
using dtask::KeyList;
using dtask::Layer;
using dtask::Plan;
using dtask::Task;
using dtask::Value;
using dtask_test::make_layer;

long order_src(long x) { return x; }
long order_inc(long x) { return x + 1; }
long order_add(long a, long b) { return a + b; }
long order_sum(const std::vector<long>& xs) {
  long s = 0;
  for (long x : xs) s += x;
  return s;
}
DTASK_FUNCTIONS(order_src, order_inc, order_add, order_sum);

// Priorities by key, of an unfused plan (every task is one node).
std::map<Key, std::uint32_t> priorities(const Graph& graph, const std::vector<Key>& outputs) {
  Plan plan = dtask::optimize(graph, outputs, {.fuse = false});
  std::map<Key, std::uint32_t> by_key;
  for (const auto& node : plan.nodes) by_key[node.key()] = node.priority;
  return by_key;
}

// True when the priorities of keys are consecutive integers.
bool contiguous(const std::map<Key, std::uint32_t>& prio, const std::vector<Key>& keys) {
  std::vector<std::uint32_t> p;
  for (const Key& k : keys) p.push_back(prio.at(k));
  std::sort(p.begin(), p.end());
  return p.back() - p.front() + 1 == p.size();
}

// Independent chains of the given lengths, joined by one sum.
struct Chains {
  Graph graph;
  std::vector<std::vector<Key>> branches;
};

Chains chains(const std::vector<int>& lengths) {
  Chains c;
  Layer::Tasks tasks;
  KeyList ends;
  for (int b = 0; b < static_cast<int>(lengths.size()); ++b) {
    std::vector<Key> branch;
    for (int i = 0; i < lengths[static_cast<std::size_t>(b)]; ++i) {
      Key key("chain", {b, i});
      tasks.emplace_back(key, i == 0 ? Task("order_src", {Value(long{b})}) : Task("order_inc", {branch.back()}));
      branch.push_back(key);
    }
    ends.push_back(branch.back());
    c.branches.push_back(branch);
  }
  tasks.emplace_back(Key("total"), Task("order_sum", {ends}));
  c.graph = Graph(make_layer("chains", std::move(tasks)));
  return c;
}

// A binary reduction tree over 2^depth leaves; returns the keys of each subtree below the root.
struct Tree {
  Graph graph;
  Key root;
  std::vector<std::vector<Key>> subtrees;  // every inner node's subtree, itself included
};

Tree tree(int depth) {
  Tree t;
  Layer::Tasks tasks;
  std::vector<std::vector<Key>> level_members;  // subtree of each node of the current level
  std::vector<Key> level;
  for (int i = 0; i < (1 << depth); ++i) {
    Key k("leaf", {i});
    tasks.emplace_back(k, Task("order_src", {Value(long{i})}));
    level.push_back(k);
    level_members.push_back({k});
  }
  for (int d = 1; d <= depth; ++d) {
    std::vector<Key> next;
    std::vector<std::vector<Key>> next_members;
    for (std::size_t i = 0; i < level.size(); i += 2) {
      Key k("node", {d, static_cast<int>(i / 2)});
      tasks.emplace_back(k, Task("order_add", {level[i], level[i + 1]}));
      std::vector<Key> members = level_members[i];
      members.insert(members.end(), level_members[i + 1].begin(), level_members[i + 1].end());
      members.push_back(k);
      t.subtrees.push_back(members);
      next.push_back(k);
      next_members.push_back(members);
    }
    level = next;
    level_members = next_members;
  }
  t.root = level[0];
  t.graph = Graph(make_layer("tree", std::move(tasks)));
  return t;
}

TEST(AssignPriorities, IsATopologicalOrderOnRandomDags) {
  std::mt19937 rng(41);
  for (int round = 0; round < 200; ++round) {
    auto dag = dtask_test::random_dag(rng);
    for (bool fuse : {false, true}) {
      Plan plan = dtask::optimize(dag.graph, dag.outputs, {.fuse = fuse});
      for (const auto& node : plan.nodes)
        for (dtask::NodeId dep : node.deps) ASSERT_LT(plan.nodes[dep].priority, node.priority) << "round " << round;
    }
  }
}

TEST(AssignPriorities, AreDistinctAndDense) {
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::optimize(dag.graph, dag.outputs);
    std::vector<std::uint32_t> p;
    for (const auto& node : plan.nodes) p.push_back(node.priority);
    std::sort(p.begin(), p.end());
    for (std::size_t i = 0; i < p.size(); ++i) ASSERT_EQ(p[i], i) << "round " << round;
  }
}

TEST(AssignPriorities, AreDeterministicAcrossRuns) {
  for (unsigned seed : {1u, 2u, 3u, 4u, 5u}) {
    std::mt19937 rng_a(seed), rng_b(seed);
    auto a = dtask_test::random_dag(rng_a);
    auto b = dtask_test::random_dag(rng_b);  // a fresh graph with the same keys and tasks
    EXPECT_EQ(priorities(a.graph, a.outputs), priorities(b.graph, b.outputs));
    EXPECT_EQ(priorities(a.graph, a.outputs), priorities(a.graph, a.outputs));
  }
}

TEST(AssignPriorities, IndependentChainsCompleteOneAfterAnother) {
  Chains c = chains({3, 7, 1, 5, 5});
  auto prio = priorities(c.graph, {Key("total")});
  for (const auto& branch : c.branches) EXPECT_TRUE(contiguous(prio, branch));
  EXPECT_EQ(prio.at(Key("total")), prio.size() - 1);
}

TEST(AssignPriorities, ChainsRequestedSeparatelyCompleteOneAfterAnother) {
  Chains c = chains({4, 2, 6});
  std::vector<Key> outputs;
  for (const auto& branch : c.branches) outputs.push_back(branch.back());
  auto prio = priorities(c.graph, outputs);
  for (const auto& branch : c.branches) EXPECT_TRUE(contiguous(prio, branch));
}

TEST(AssignPriorities, EverySubtreeOfAReductionCompletesBeforeTheNextStarts) {
  Tree t = tree(5);
  auto prio = priorities(t.graph, {t.root});
  for (const auto& members : t.subtrees) {
    EXPECT_TRUE(contiguous(prio, members)) << members.back().str();
    std::uint32_t top = 0;
    for (const Key& k : members) top = std::max(top, prio.at(k));
    EXPECT_EQ(top, prio.at(members.back())) << "a subtree ends with its root";
  }
}

TEST(AssignPriorities, LargerSubtreeRunsFirst) {
  // big: five tasks behind one key; small: one task. Both argument orders.
  for (bool small_first : {true, false}) {
    Layer::Tasks tasks{{Key("small"), Task("order_src", {Value(1L)})},
                       {Key("b0"), Task("order_src", {Value(2L)})},
                       {Key("b1"), Task("order_inc", {Key("b0")})},
                       {Key("b2"), Task("order_src", {Value(3L)})},
                       {Key("b3"), Task("order_add", {Key("b1"), Key("b2")})},
                       {Key("big"), Task("order_inc", {Key("b3")})}};
    tasks.emplace_back(Key("join"), small_first ? Task("order_add", {Key("small"), Key("big")})
                                                : Task("order_add", {Key("big"), Key("small")}));
    auto prio = priorities(Graph(make_layer("t", std::move(tasks))), {Key("join")});
    for (const char* k : {"b0", "b1", "b2", "b3", "big"}) EXPECT_LT(prio.at(Key(k)), prio.at(Key("small"))) << k;
    EXPECT_EQ(prio.at(Key("join")), 6u);
  }
}

TEST(AssignPriorities, LongerChainRunsBeforeShorterOnes) {
  Chains c = chains({2, 9, 4});
  auto prio = priorities(c.graph, {Key("total")});
  EXPECT_LT(prio.at(c.branches[1].back()), prio.at(c.branches[2].front()));
  EXPECT_LT(prio.at(c.branches[2].back()), prio.at(c.branches[0].front()));
}

// Annotated priorities (Layer's, as Dask's annotate) decide first; the walk breaks ties.
TEST(AssignPriorities, AnnotatedPrioritiesComeFirstAndTheWalkBreaksTies) {
  Layer::Tasks tasks{{Key("a"), Task("order_src", {Value(1L)})},
                     {Key("b"), Task("order_src", {Value(2L)})},
                     {Key("c"), Task("order_src", {Value(3L)})},
                     {Key("d"), Task("order_src", {Value(4L)})},
                     {Key("total"), Task("order_sum", {KeyList{Key("a"), Key("b"), Key("c"), Key("d")}})}};
  const Graph graph(std::make_shared<const Layer>("t", std::move(tasks), dtask::LayerPtrs{},
                                                  std::vector<std::int32_t>{0, 0, 5, 5, 0}));
  auto prio = priorities(graph, {Key("total")});
  EXPECT_LT(prio.at(Key("c")), prio.at(Key("d")));
  EXPECT_LT(prio.at(Key("d")), prio.at(Key("a")));
  EXPECT_LT(prio.at(Key("a")), prio.at(Key("b")));
  EXPECT_LT(prio.at(Key("b")), prio.at(Key("total")));
}

TEST(AssignPriorities, AFusedChainKeepsItsHighestAnnotation) {
  Layer::Tasks tasks{{Key("low"), Task("order_src", {Value(1L)})},
                     {Key("x0"), Task("order_src", {Value(2L)})},
                     {Key("x1"), Task("order_inc", {Key("x0")})},
                     {Key("total"), Task("order_add", {Key("low"), Key("x1")})}};
  const Graph graph(std::make_shared<const Layer>("t", std::move(tasks), dtask::LayerPtrs{},
                                                  std::vector<std::int32_t>{0, 0, 3, 0}));
  Plan plan = dtask::optimize(graph, std::vector<Key>{Key("total")});
  std::map<Key, std::uint32_t> prio;
  for (const auto& node : plan.nodes) prio[node.key()] = node.priority;
  ASSERT_EQ(prio.count(Key("x0")), 0u) << "x0 fused into x1";
  EXPECT_LT(prio.at(Key("x1")), prio.at(Key("low")));
}

TEST(Layer, RefusesPrioritiesThatDoNotMatchItsTasks) {
  Layer::Tasks tasks{{Key("a"), Task("order_src", {Value(1L)})}};
  EXPECT_THROW(Layer("t", std::move(tasks), {}, {1, 2}), dtask::ValueError);
}

}  // namespace
