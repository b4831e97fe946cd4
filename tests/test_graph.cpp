// Graph and Layer: building layers, merging graphs, traversal order, size and the teardown of
// very long layer chains.
#include <gtest/gtest.h>

#include <algorithm>
#include <dtask/dtask.hpp>
#include <unordered_map>
#include <unordered_set>

#include "random_dag.hpp"

namespace {

using dtask::Graph;
using dtask::Key;
using dtask::Layer;
using dtask::LayerPtr;
using dtask::Task;
using dtask::Value;
using dtask_test::make_layer;

long graph_src(long x) { return x; }
long graph_add(long a, long b) { return a + b; }
DTASK_FUNCTIONS(graph_src, graph_add);

Layer::Tasks sources(const std::string& name, int n) {
  Layer::Tasks tasks;
  for (int i = 0; i < n; ++i) tasks.emplace_back(Key(name, {i}), Task("graph_src", {Value(long{i})}));
  return tasks;
}

// base <- left, base <- right, {left, right} <- top
struct Diamond {
  LayerPtr base = make_layer("base", sources("base", 3));
  LayerPtr left = make_layer("left", {{Key("left"), Task("graph_add", {Key("base", {0}), Key("base", {1})})}}, {base});
  LayerPtr right = make_layer("right", {{Key("right"), Task("graph_add", {Key("base", {1}), Key("base", {2})})}}, {base});
  LayerPtr top = make_layer("top", {{Key("top"), Task("graph_add", {Key("left"), Key("right")})}}, {left, right});
};

std::size_t position(const std::vector<const Layer*>& order, const LayerPtr& layer) {
  return static_cast<std::size_t>(std::find(order.begin(), order.end(), layer.get()) - order.begin());
}

TEST(Layer, KeepsNameTasksAndDependencies) {
  Diamond d;
  EXPECT_EQ(d.left->name(), "left");
  ASSERT_EQ(d.left->tasks().size(), 1u);
  EXPECT_EQ(d.left->tasks()[0].first, Key("left"));
  EXPECT_EQ(d.left->tasks()[0].second.function_name(), "graph_add");
  ASSERT_EQ(d.left->dependencies().size(), 1u);
  EXPECT_EQ(d.left->dependencies()[0], d.base);
}

TEST(Graph, EmptyGraphHasNoLayersAndNoTasks) {
  Graph g;
  EXPECT_TRUE(g.tops().empty());
  EXPECT_TRUE(g.layers_in_order().empty());
  EXPECT_EQ(g.size(), 0u);
  EXPECT_TRUE(Graph(LayerPtr{}).tops().empty());
}

TEST(Graph, SizeCountsTasksOfEveryLayer) {
  Diamond d;
  EXPECT_EQ(Graph(d.base).size(), 3u);
  EXPECT_EQ(Graph(d.left).size(), 4u);
  EXPECT_EQ(Graph(d.top).size(), 6u);  // base counted once although two layers read it
}

TEST(Graph, LayersInOrderPutDependenciesFirstAndEachLayerOnce) {
  Diamond d;
  auto order = Graph(d.top).layers_in_order();
  ASSERT_EQ(order.size(), 4u);
  EXPECT_LT(position(order, d.base), position(order, d.left));
  EXPECT_LT(position(order, d.base), position(order, d.right));
  EXPECT_LT(position(order, d.left), position(order, d.top));
  EXPECT_LT(position(order, d.right), position(order, d.top));
}

TEST(Graph, ForEachLayerVisitsEveryLayerOnceDependenciesFirst) {
  Diamond d;
  std::vector<std::string> visited;
  Graph(d.top).for_each_layer([&](const Layer& layer) { visited.push_back(layer.name()); });
  ASSERT_EQ(visited.size(), 4u);
  EXPECT_EQ(visited.front(), "base");
  EXPECT_EQ(visited.back(), "top");
}

TEST(Graph, MergeKeepsSharedLayersOnce) {
  Diamond d;
  Graph merged = Graph::merge({Graph(d.left), Graph(d.right)});
  EXPECT_EQ(merged.tops().size(), 2u);
  auto order = merged.layers_in_order();
  ASSERT_EQ(order.size(), 3u);
  EXPECT_EQ(std::count(order.begin(), order.end(), d.base.get()), 1);
  EXPECT_EQ(position(order, d.base), 0u);
  EXPECT_EQ(merged.size(), 5u);
}

TEST(Graph, MergingAGraphWithItselfAddsNothing) {
  Diamond d;
  Graph g(d.top);
  Graph twice = Graph::merge({g, g, Graph(d.top)});
  EXPECT_EQ(twice.tops().size(), 1u);
  EXPECT_EQ(twice.size(), g.size());
}

TEST(Graph, MergeOfGraphAndItsDependencyCountsEachTaskOnce) {
  Diamond d;
  Graph merged = Graph::merge(std::vector<Graph>{Graph(d.base), Graph(d.top), Graph()});
  EXPECT_EQ(merged.layers_in_order().size(), 4u);
  EXPECT_EQ(merged.size(), 6u);
}

TEST(Graph, CopiesShareLayers) {
  Diamond d;
  Graph g(d.top);
  Graph copy = g;
  ASSERT_EQ(copy.tops().size(), 1u);
  EXPECT_EQ(copy.tops()[0].get(), d.top.get());
  EXPECT_EQ(&copy.tops()[0]->tasks()[0].second, &d.top->tasks()[0].second);
}

TEST(Graph, LayersInOrderOfWideRandomLayerDagIsTopological) {
  std::mt19937 rng(5);
  std::vector<LayerPtr> layers;
  for (int i = 0; i < 500; ++i) {
    dtask::LayerPtrs deps;
    for (int k = std::min<int>(i, static_cast<int>(rng() % 4)); k > 0; --k) deps.push_back(layers[rng() % layers.size()]);
    layers.push_back(make_layer("l" + std::to_string(i), sources("l" + std::to_string(i), 1), deps));
  }
  Graph g = Graph::merge({Graph(layers[499]), Graph(layers[250]), Graph(layers[10])});
  auto order = g.layers_in_order();
  std::unordered_map<const Layer*, std::size_t> at;
  for (std::size_t i = 0; i < order.size(); ++i) ASSERT_TRUE(at.emplace(order[i], i).second);
  for (const Layer* layer : order)
    for (const auto& dep : layer->dependencies()) {
      ASSERT_TRUE(at.count(dep.get()));
      EXPECT_LT(at[dep.get()], at[layer]);
    }
  EXPECT_EQ(g.size(), order.size());
}

TEST(Graph, MillionLayerChainIsWalkedAndDestroyedWithoutStackOverflow) {
  constexpr int n = 1'000'000;
  {
    LayerPtr chain = make_layer("", {});
    for (int i = 1; i < n; ++i) chain = make_layer("", {}, {chain});
    Graph g(chain);
    chain.reset();
    EXPECT_EQ(g.layers_in_order().size(), static_cast<std::size_t>(n));
    EXPECT_EQ(g.size(), 0u);
  }  // the whole chain is released here
  SUCCEED();
}

TEST(Graph, ChainWhereEachLayerReadsTheTwoBeforeIsDestroyedWithoutStackOverflow) {
  constexpr int n = 300'000;
  LayerPtr older = make_layer("", {});
  LayerPtr newer = make_layer("", {}, {older});
  for (int i = 2; i < n; ++i) {
    LayerPtr next = make_layer("", {}, {newer, older, newer});
    older = std::move(newer);
    newer = std::move(next);
  }
  older.reset();
  newer.reset();
  SUCCEED();
}

}  // namespace
