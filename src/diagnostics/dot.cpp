#include <dtask/diagnostics/dot.hpp>

#include <fstream>
#include <unordered_map>

namespace dtask::diagnostics {

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string to_dot(const Graph& graph) {
  std::unordered_map<Key, std::size_t, KeyHash> ids;
  std::string nodes, edges;
  graph.for_each_layer([&](const Layer& layer) {
    for (const auto& [key, task] : layer.tasks()) {
      auto [it, added] = ids.emplace(key, ids.size());
      if (!added) continue;
      nodes += "  n" + std::to_string(it->second) + " [label=" + quoted(key.str()) +
               ", tooltip=" + quoted(task.function_name()) + "];\n";
    }
  });
  graph.for_each_layer([&](const Layer& layer) {
    for (const auto& [key, task] : layer.tasks()) {
      const std::string to = "n" + std::to_string(ids.at(key));
      task.for_each_key([&](const Key& dep) {
        auto it = ids.find(dep);
        if (it != ids.end()) edges += "  n" + std::to_string(it->second) + " -> " + to + ";\n";
      });
    }
  });
  return "digraph dtask {\n  rankdir=BT;\n  node [shape=box, style=rounded];\n" + nodes + edges + "}\n";
}

void write_dot(const Graph& graph, const std::string& path) {
  std::ofstream file(path);
  if (!file) DTASK_THROW(ValueError, "cannot open '" + path + "' for writing");
  file << to_dot(graph);
  if (!file.flush()) DTASK_THROW(ValueError, "cannot write '" + path + "'");
}

}  // namespace dtask::diagnostics
