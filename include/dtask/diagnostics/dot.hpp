// Graph export in Graphviz DOT: one box per task, labelled by its key, an arrow from each
// input to the task that reads it. Render with `dot -Tsvg graph.dot -o graph.svg`.
#pragma once

#include <string>

#include <dtask/core/graph.hpp>

namespace dtask::diagnostics {

std::string to_dot(const Graph& graph);
// Writes to_dot(graph) to path; throws dtask::Error when the file cannot be written.
void write_dot(const Graph& graph, const std::string& path);

}  // namespace dtask::diagnostics
