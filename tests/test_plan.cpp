// build_plan: culling, dense topological numbering, and the GraphErrors of graphs that cannot
// run, each naming the keys involved.
#include <gtest/gtest.h>

#include <dtask/core/plan.hpp>
#include <dtask/dtask.hpp>
#include <set>
#include <string>

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

long plan_src(long x) { return x; }
long plan_inc(long x) { return x + 1; }
long plan_add(long a, long b) { return a + b; }
long plan_sum(const std::vector<long>& xs) {
  long s = 0;
  for (long x : xs) s += x;
  return s;
}
DTASK_FUNCTIONS(plan_src, plan_inc, plan_add, plan_sum);

Graph graph_of(Layer::Tasks tasks) { return Graph(make_layer("tasks", std::move(tasks))); }

std::set<Key> keys_of(const Plan& plan) {
  std::set<Key> keys;
  for (const auto& node : plan.nodes) keys.insert(node.key());
  return keys;
}

dtask::NodeId node_of(const Plan& plan, const Key& key) {
  for (dtask::NodeId id = 0; id < plan.nodes.size(); ++id)
    if (plan.nodes[id].key() == key) return id;
  ADD_FAILURE() << "no node " << key.str();
  return 0;
}

std::string graph_error(const Graph& graph, std::vector<Key> outputs) {
  try {
    dtask::build_plan(graph, outputs);
  } catch (const dtask::GraphError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no GraphError";
  return {};
}

// a -> b -> c, and d, e unrelated to b
Graph chain_and_extras() {
  return graph_of({{Key("a"), Task("plan_src", {Value(1L)})},
                   {Key("b"), Task("plan_inc", {Key("a")})},
                   {Key("c"), Task("plan_inc", {Key("b")})},
                   {Key("d"), Task("plan_src", {Value(5L)})},
                   {Key("e"), Task("plan_add", {Key("d"), Key("a")})}});
}

TEST(BuildPlan, KeepsOnlyTasksTheOutputsNeed) {
  Plan plan = dtask::build_plan(chain_and_extras(), std::vector<Key>{Key("b")});
  EXPECT_EQ(keys_of(plan), (std::set<Key>{Key("a"), Key("b")}));
  Plan both = dtask::build_plan(chain_and_extras(), std::vector<Key>{Key("e"), Key("b")});
  EXPECT_EQ(keys_of(both), (std::set<Key>{Key("a"), Key("b"), Key("d"), Key("e")}));
}

TEST(BuildPlan, NumbersNodesDependenciesFirstWithMatchingDependents) {
  std::mt19937 rng(21);
  for (int round = 0; round < 50; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::build_plan(dag.graph, dag.outputs);
    for (dtask::NodeId id = 0; id < plan.size(); ++id) {
      const auto& node = plan.nodes[id];
      ASSERT_EQ(node.steps.size(), 1u);
      std::set<dtask::NodeId> unique(node.deps.begin(), node.deps.end());
      EXPECT_EQ(unique.size(), node.deps.size()) << "deps are unique";
      for (dtask::NodeId dep : node.deps) {
        EXPECT_LT(dep, id);
        const auto& back = plan.nodes[dep].dependents;
        EXPECT_EQ(std::count(back.begin(), back.end(), id), 1);
      }
      for (dtask::NodeId d : node.dependents) {
        const auto& deps = plan.nodes[d].deps;
        EXPECT_EQ(std::count(deps.begin(), deps.end(), id), 1);
      }
    }
  }
}

TEST(BuildPlan, CullsToTheTransitiveInputsOfTheOutputs) {
  std::mt19937 rng(22);
  for (int round = 0; round < 50; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::build_plan(dag.graph, dag.outputs);
    std::set<Key> needed;
    for (const Key& k : dag.keys)
      for (const Key& out : dag.outputs)
        if (dtask_test::depends_on(dag.graph, out, k)) needed.insert(k);
    EXPECT_EQ(keys_of(plan), needed);
  }
}

TEST(BuildPlan, OutputsFollowTheRequestedOrderIncludingDuplicates) {
  std::vector<Key> outputs{Key("c"), Key("a"), Key("c"), Key("b")};
  Plan plan = dtask::build_plan(chain_and_extras(), outputs);
  ASSERT_EQ(plan.outputs.size(), 4u);
  for (std::size_t i = 0; i < outputs.size(); ++i) EXPECT_EQ(plan.nodes[plan.outputs[i]].key(), outputs[i]);
  EXPECT_EQ(plan.outputs[0], plan.outputs[2]);
  EXPECT_EQ(plan.size(), 3u);
}

TEST(BuildPlan, RepeatedArgumentIsOneDependencyWithTwoSlots) {
  Graph g = graph_of({{Key("x"), Task("plan_src", {Value(2L)})},
                      {Key("y"), Task("plan_add", {Key("x"), Key("x")})},
                      {Key("z"), Task("plan_sum", {KeyList{Key("x"), Key("y"), Key("x")}})}});
  Plan plan = dtask::build_plan(g, std::vector<Key>{Key("z")});
  const auto& y = plan.nodes[node_of(plan, Key("y"))];
  ASSERT_EQ(y.deps.size(), 1u);
  EXPECT_EQ(y.deps[0], node_of(plan, Key("x")));
  EXPECT_EQ(std::vector<std::uint32_t>(y.slots.begin(), y.slots.end()), (std::vector<std::uint32_t>{0, 0}));
  const auto& z = plan.nodes[node_of(plan, Key("z"))];
  ASSERT_EQ(z.deps.size(), 2u);
  ASSERT_EQ(z.slots.size(), 3u);
  EXPECT_EQ(z.deps[z.slots[0]], node_of(plan, Key("x")));
  EXPECT_EQ(z.deps[z.slots[1]], node_of(plan, Key("y")));
  EXPECT_EQ(z.deps[z.slots[2]], node_of(plan, Key("x")));
}

TEST(BuildPlan, PrefixesComeFromKeyNames) {
  Graph g = graph_of({{Key("inc-1f"), Task("plan_src", {Value(1L)})},
                      {Key("inc-2a"), Task("plan_inc", {Key("inc-1f")})},
                      {Key("add-3b"), Task("plan_add", {Key("inc-1f"), Key("inc-2a")})}});
  Plan plan = dtask::build_plan(g, std::vector<Key>{Key("add-3b")});
  EXPECT_EQ(std::set<std::string>(plan.prefixes.begin(), plan.prefixes.end()), (std::set<std::string>{"inc", "add"}));
  for (const auto& node : plan.nodes) EXPECT_EQ(plan.prefixes.at(node.prefix), node.key().prefix());
}

TEST(BuildPlan, NoOutputsGiveAnEmptyPlan) {
  Plan plan = dtask::build_plan(chain_and_extras(), std::vector<Key>{});
  EXPECT_EQ(plan.size(), 0u);
  EXPECT_TRUE(plan.outputs.empty());
}

TEST(BuildPlan, PlanKeepsItsGraphAlive) {
  Plan plan = dtask::build_plan(chain_and_extras(), std::vector<Key>{Key("c")});
  // The graph built for the call is gone; the plan's steps still point at live tasks.
  for (const auto& node : plan.nodes) EXPECT_EQ(node.steps[0].task->function()->name().substr(0, 5), "plan_");
  EXPECT_EQ(plan.graph.size(), 5u);
}

TEST(BuildPlan, CycleThrowsGraphErrorNamingItsKeys) {
  Graph g = graph_of({{Key("start"), Task("plan_inc", {Key("a")})},
                      {Key("a"), Task("plan_inc", {Key("b")})},
                      {Key("b"), Task("plan_add", {Key("src"), Key("c", {1})})},
                      {Key("c", {1}), Task("plan_inc", {Key("a")})},
                      {Key("src"), Task("plan_src", {Value(0L)})}});
  std::string message = graph_error(g, {Key("start")});
  EXPECT_NE(message.find("cycle"), std::string::npos) << message;
  EXPECT_NE(message.find("'a'"), std::string::npos) << message;
  EXPECT_NE(message.find("'b'"), std::string::npos) << message;
  EXPECT_NE(message.find("('c', 1)"), std::string::npos) << message;
  EXPECT_EQ(message.find("'start'"), std::string::npos) << "start is not on the cycle: " << message;
}

TEST(BuildPlan, TaskReadingItselfIsACycle) {
  Graph g = graph_of({{Key("self"), Task("plan_inc", {Key("self")})}});
  std::string message = graph_error(g, {Key("self")});
  EXPECT_NE(message.find("'self'"), std::string::npos) << message;
}

TEST(BuildPlan, CycleOutsideTheNeededTasksIsIgnored) {
  Graph g = graph_of({{Key("p"), Task("plan_inc", {Key("q")})},
                      {Key("q"), Task("plan_inc", {Key("p")})},
                      {Key("ok"), Task("plan_src", {Value(1L)})}});
  EXPECT_EQ(dtask::build_plan(g, std::vector<Key>{Key("ok")}).size(), 1u);
}

TEST(BuildPlan, UndefinedDependencyThrowsGraphErrorNamingBothKeys) {
  Graph g = graph_of({{Key("reader"), Task("plan_add", {Key("there"), Key("missing", {4, 2})})},
                      {Key("there"), Task("plan_src", {Value(1L)})}});
  std::string message = graph_error(g, {Key("reader")});
  EXPECT_NE(message.find("'reader'"), std::string::npos) << message;
  EXPECT_NE(message.find("('missing', 4, 2)"), std::string::npos) << message;
}

TEST(BuildPlan, UndefinedKeyInListThrowsGraphError) {
  Graph g = graph_of({{Key("total"), Task("plan_sum", {KeyList{Key("nowhere")}})}});
  std::string message = graph_error(g, {Key("total")});
  EXPECT_NE(message.find("'total'"), std::string::npos) << message;
  EXPECT_NE(message.find("'nowhere'"), std::string::npos) << message;
}

TEST(BuildPlan, RequestedKeyNoTaskDefinesThrowsGraphErrorNamingIt) {
  std::string message = graph_error(chain_and_extras(), {Key("a"), Key("ghost", {9})});
  EXPECT_NE(message.find("('ghost', 9)"), std::string::npos) << message;
}

TEST(BuildPlan, UnregisteredFunctionThrowsGraphErrorNamingKeyAndFunction) {
  Graph g = graph_of({{Key("bad-1"), Task("no_such_fn", {Value(1L)})}});
  std::string message = graph_error(g, {Key("bad-1")});
  EXPECT_NE(message.find("'bad-1'"), std::string::npos) << message;
  EXPECT_NE(message.find("no_such_fn"), std::string::npos) << message;
}

TEST(BuildPlan, UnregisteredFunctionDeepInTheGraphNamesItsKey) {
  Graph g = graph_of({{Key("top"), Task("plan_inc", {Key("mid")})},
                      {Key("mid"), Task("plan_inc", {Key("deep", {3})})},
                      {Key("deep", {3}), Task("no_such_fn", {Value(1L)})}});
  std::string message = graph_error(g, {Key("top")});
  EXPECT_NE(message.find("('deep', 3)"), std::string::npos) << message;
  EXPECT_NE(message.find("no_such_fn"), std::string::npos) << message;
}

TEST(BuildPlan, UnregisteredFunctionInACulledTaskIsIgnored) {
  Graph g = graph_of({{Key("unused"), Task("no_such_fn", {Value(1L)})}, {Key("used"), Task("plan_src", {Value(1L)})}});
  EXPECT_EQ(dtask::build_plan(g, std::vector<Key>{Key("used")}).size(), 1u);
}

TEST(BuildPlan, GraphErrorRecordsWhereItWasRaised) {
  try {
    dtask::build_plan(chain_and_extras(), std::vector<Key>{Key("ghost")});
    FAIL();
  } catch (const dtask::Error& e) {
    EXPECT_NE(std::string(e.file()).find("plan"), std::string::npos);
    EXPECT_GT(e.line(), 0);
  }
}

TEST(Optimize, WithoutFusionKeepsEveryNeededTask) {
  Plan plan = dtask::optimize(chain_and_extras(), std::vector<Key>{Key("c"), Key("e")}, {.fuse = false});
  EXPECT_EQ(plan.size(), 5u);
}

}  // namespace
