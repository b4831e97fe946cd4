#include "random_dag.hpp"

#include <functional>
#include <unordered_map>
#include <unordered_set>

namespace dtask_test {

namespace {

long dag_leaf(long c) { return c % dag_modulus; }
long dag_scale(long a, long c) { return (a * c + 7) % dag_modulus; }
long dag_mix(long a, long b) { return (a * 31 + b * 17 + 1) % dag_modulus; }
long dag_mix_lit(long a, long c, long b) { return (a + 2 * c + 3 * b) % dag_modulus; }
long dag_sum(const std::vector<long>& xs) {
  long s = 3;
  for (long x : xs) s = (s + x) % dag_modulus;
  return s;
}
long dag_fail(long c) { throw std::runtime_error("dag_fail refuses " + std::to_string(c)); }

DTASK_FUNCTIONS(dag_leaf, dag_scale, dag_mix, dag_mix_lit, dag_sum, dag_fail);

dtask::Key key_of(int i) {
  switch (i % 3) {
    case 0: return dtask::Key("dag", {i});
    case 1: return dtask::Key("dag_mix-" + std::to_string(i));
    default: return dtask::Key("dag", {i / 7, i % 7, 1});
  }
}

// Every task of the graph by key, found by walking the layers ourselves.
std::unordered_map<dtask::Key, const dtask::Task*, dtask::KeyHash> all_tasks(const dtask::Graph& graph) {
  std::unordered_map<dtask::Key, const dtask::Task*, dtask::KeyHash> tasks;
  std::unordered_set<const dtask::Layer*> seen;
  std::vector<const dtask::Layer*> stack;
  for (const auto& top : graph.tops()) stack.push_back(top.get());
  while (!stack.empty()) {
    const dtask::Layer* layer = stack.back();
    stack.pop_back();
    if (!seen.insert(layer).second) continue;
    for (const auto& [key, task] : layer->tasks()) tasks.emplace(key, &task);
    for (const auto& dep : layer->dependencies()) stack.push_back(dep.get());
  }
  return tasks;
}

}  // namespace

RandomDag random_dag(std::mt19937& rng, const RandomDagOptions& options) {
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int n = uniform(options.min_nodes, options.max_nodes);
  RandomDag dag;
  // An earlier node: half the time a recent one, so that chains and deep paths appear.
  std::vector<bool> read(static_cast<std::size_t>(n) + 1, false);
  auto earlier = [&](int i) {
    int j = uniform(0, 1) ? uniform(0, i - 1) : i - 1 - uniform(0, std::min(i, 5) - 1);
    read[static_cast<std::size_t>(j)] = true;
    return j;
  };
  // Half the graphs end in a sum of every task nothing reads, so that all of them are needed.
  const bool sum_sinks = n > 1 && uniform(0, 1);
  const int total = sum_sinks ? n + 1 : n;

  std::vector<dtask::LayerPtr> layers;
  dtask::Layer::Tasks chunk;
  int chunk_left = uniform(1, 40);
  for (int i = 0; i < total; ++i) {
    dtask::Key key = key_of(i);
    dtask::Task task;
    if (i == n) {
      dtask::KeyList sinks;
      for (int j = 0; j < n; ++j)
        if (!read[static_cast<std::size_t>(j)]) sinks.push_back(dag.keys[static_cast<std::size_t>(j)]);
      task = dtask::Task("dag_sum", {std::move(sinks)});
    } else if (i == options.fail_node) {
      task = dtask::Task("dag_fail", {dtask::Value(static_cast<long>(i))});
    } else if (i == 0 || uniform(0, 4) == 0) {
      task = dtask::Task("dag_leaf", {dtask::Value(static_cast<long>(uniform(0, 1000)))});
    } else {
      switch (uniform(0, 3)) {
        case 0:
          task = dtask::Task("dag_scale", {dag.keys[earlier(i)], dtask::Value(static_cast<long>(uniform(1, 100)))});
          break;
        case 1:
          task = dtask::Task("dag_mix", {dag.keys[earlier(i)], dag.keys[earlier(i)]});
          break;
        case 2:
          task = dtask::Task("dag_mix_lit", {dag.keys[earlier(i)], dtask::Value(static_cast<long>(uniform(0, 50))),
                                             dag.keys[earlier(i)]});
          break;
        default: {
          dtask::KeyList list;
          for (int k = uniform(0, 6); k > 0; --k) list.push_back(dag.keys[earlier(i)]);
          task = dtask::Task("dag_sum", {std::move(list)});
        }
      }
    }
    chunk.emplace_back(key, std::move(task));
    dag.keys.push_back(key);
    if (--chunk_left == 0 || i == total - 1) {
      dtask::LayerPtrs deps;
      if (!layers.empty()) deps.push_back(layers.back());
      layers.push_back(make_layer("chunk-" + std::to_string(layers.size()), std::move(chunk), std::move(deps)));
      chunk.clear();
      chunk_left = uniform(1, 40);
    }
  }

  // Sometimes the graph is a merge that names an inner layer again.
  if (layers.size() > 1 && uniform(0, 2) == 0) {
    dtask::Graph inner(layers[static_cast<std::size_t>(uniform(0, static_cast<int>(layers.size()) - 2))]);
    dag.graph = dtask::Graph::merge({dtask::Graph(layers.back()), inner});
  } else {
    dag.graph = dtask::Graph(layers.back());
  }

  // Late nodes need most of the graph; early ones are intermediates of them.
  for (int k = uniform(1, options.max_outputs); k > 0; --k)
    dag.outputs.push_back(dag.keys[uniform(0, 1) ? uniform(0, total - 1) : uniform(total - 1 - std::min(total - 1, 10), total - 1)]);
  if (uniform(0, 1)) dag.outputs.push_back(dag.outputs.front());  // a duplicate
  if (uniform(0, 3)) dag.outputs.push_back(dag.keys.back());
  return dag;
}

std::vector<long> reference_values(const dtask::Graph& graph, std::span<const dtask::Key> keys) {
  const auto tasks = all_tasks(graph);
  std::unordered_map<dtask::Key, long, dtask::KeyHash> memo;
  std::function<long(const dtask::Key&)> eval = [&](const dtask::Key& key) -> long {
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    const dtask::Task& task = *tasks.at(key);
    const auto& args = task.args();
    auto literal = [&](std::size_t i) { return std::get<dtask::Value>(args[i]).get<long>(); };
    auto input = [&](std::size_t i) { return eval(std::get<dtask::Key>(args[i])); };
    const std::string name = task.function_name();
    long v = 0;
    if (name == "dag_leaf") {
      v = literal(0) % dag_modulus;
    } else if (name == "dag_scale") {
      v = (input(0) * literal(1) + 7) % dag_modulus;
    } else if (name == "dag_mix") {
      v = (input(0) * 31 + input(1) * 17 + 1) % dag_modulus;
    } else if (name == "dag_mix_lit") {
      v = (input(0) + 2 * literal(1) + 3 * input(2)) % dag_modulus;
    } else if (name == "dag_sum") {
      v = 3;
      for (const dtask::Key& k : std::get<dtask::KeyList>(args[0])) v = (v + eval(k)) % dag_modulus;
    } else if (name == "dag_fail") {
      throw ReferenceFailure(key, "dag_fail refuses " + std::to_string(literal(0)));
    } else {
      throw std::logic_error("reference does not know function " + name);
    }
    memo.emplace(key, v);
    return v;
  };
  std::vector<long> values;
  for (const dtask::Key& key : keys) values.push_back(eval(key));
  return values;
}

bool depends_on(const dtask::Graph& graph, const dtask::Key& key, const dtask::Key& failing) {
  const auto tasks = all_tasks(graph);
  std::unordered_set<dtask::Key, dtask::KeyHash> seen;
  std::vector<dtask::Key> stack{key};
  while (!stack.empty()) {
    dtask::Key k = stack.back();
    stack.pop_back();
    if (k == failing) return true;
    if (!seen.insert(k).second) continue;
    tasks.at(k)->for_each_key([&stack](const dtask::Key& dep) { stack.push_back(dep); });
  }
  return false;
}

}  // namespace dtask_test
