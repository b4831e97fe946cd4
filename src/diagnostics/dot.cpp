#include <cstdio>
#include <cstdlib>
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

void write_text(const std::string& text, const std::string& path) {
  std::ofstream file(path);
  if (!file) DTASK_THROW(ValueError, "cannot open '" + path + "' for writing");
  file << text;
  if (!file.flush()) DTASK_THROW(ValueError, "cannot write '" + path + "'");
}

// Graphviz's HSV colours: hue 0.66 (blue) for the first task to run, 0 (red) for the last.
std::string priority_colour(std::uint32_t priority, std::size_t tasks) {
  const double late =
      tasks > 1 ? static_cast<double>(priority) / static_cast<double>(tasks - 1) : 0;
  char colour[32];
  std::snprintf(colour, sizeof colour, "%.3f 0.45 0.95", 0.66 * (1 - late));
  return colour;
}

// Failed red, erred for an input orange, ran green (darker: still held), not run grey.
const char* outcome_colour(sched::TaskOutcome outcome) {
  switch (outcome) {
    case sched::TaskOutcome::held: return "#1a9850";
    case sched::TaskOutcome::released: return "#a6d96a";
    case sched::TaskOutcome::failed: return "#d73027";
    case sched::TaskOutcome::input_failed: return "#fdae61";
    case sched::TaskOutcome::not_run: return "#d9d9d9";
  }
  return "white";
}

bool dot_on_path() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

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
  return "digraph dtask {\n  rankdir=BT;\n  node [shape=box, style=rounded];\n" + nodes + edges +
         "}\n";
}

void write_dot(const Graph& graph, const std::string& path) { write_text(to_dot(graph), path); }

namespace {

// One box per node, filled with colour(id) and described by note(id) in the tooltip.
template <class Colour, class Note>
std::string plan_dot(const Plan& plan, Colour&& colour, Note&& note) {
  std::string nodes, edges;
  for (NodeId id = 0; id < plan.size(); ++id) {
    const PlanNode& node = plan.nodes[id];
    std::string label = node.key().str();
    if (node.steps.size() > 1) label += " (+" + std::to_string(node.steps.size() - 1) + " fused)";
    nodes += "  n" + std::to_string(id) + " [label=" + quoted(label) +
             ", fillcolor=" + quoted(colour(id)) + ", tooltip=" +
             quoted(node.steps.back().task->function_name() + ", " + note(id)) + "];\n";
    for (NodeId dep : node.deps)
      edges += "  n" + std::to_string(dep) + " -> n" + std::to_string(id) + ";\n";
  }
  return "digraph dtask {\n  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\"];\n" + nodes +
         edges + "}\n";
}

}  // namespace

std::string to_dot(const Plan& plan) {
  return plan_dot(
      plan, [&](NodeId id) { return priority_colour(plan.nodes[id].priority, plan.size()); },
      [&](NodeId id) { return "priority " + std::to_string(plan.nodes[id].priority); });
}

std::string to_dot(const Plan& plan, std::span<const sched::TaskOutcome> outcomes) {
  if (outcomes.size() != plan.size())
    DTASK_THROW(ValueError, "to_dot: " + std::to_string(outcomes.size()) + " outcomes for a plan of " +
                                std::to_string(plan.size()) + " tasks");
  return plan_dot(
      plan, [&](NodeId id) { return std::string(outcome_colour(outcomes[id])); },
      [&](NodeId id) { return std::string(sched::to_string(outcomes[id])); });
}

std::string write_graph(const Plan& plan, const std::string& path,
                        std::span<const sched::TaskOutcome> outcomes) {
  const std::string text = outcomes.empty() ? to_dot(plan) : to_dot(plan, outcomes);
  const bool svg = path.size() > 4 && path.ends_with(".svg");
  const std::string dot_path = svg ? path.substr(0, path.size() - 4) + ".dot" : path;
  if (!svg || !dot_on_path()) {
    write_text(text, dot_path);
    return dot_path;
  }
  if (path.find('\'') != std::string::npos)
    DTASK_THROW(ValueError, "--graph " + path + ": a quote in the file name");
  const std::string command = "dot -Tsvg -o '" + path + "'";
  std::FILE* pipe = popen(command.c_str(), "w");
  if (!pipe) DTASK_THROW(ValueError, "cannot run Graphviz dot for " + path);
  const bool written = std::fwrite(text.data(), 1, text.size(), pipe) == text.size();
  if (pclose(pipe) != 0 || !written)
    DTASK_THROW(ValueError, "Graphviz dot failed to write " + path);
  return path;
}

}  // namespace dtask::diagnostics
