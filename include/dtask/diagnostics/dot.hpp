// Graph export in Graphviz DOT: one box per task, labelled by its key, an arrow from each
// input to the task that reads it. Render with `dot -Tsvg graph.dot -o graph.svg`.
//
// A Plan (the graph as it runs: culled, fused, ordered) is drawn with each box coloured by its
// priority, from blue (runs first) to red (runs last); `--graph FILE.svg` draws the plan of
// every compute() that way.
#pragma once

#include <dtask/core/graph.hpp>
#include <dtask/core/plan.hpp>
#include <string>

namespace dtask::diagnostics {

std::string to_dot(const Graph& graph);
// Writes to_dot(graph) to path; throws dtask::Error when the file cannot be written.
void write_dot(const Graph& graph, const std::string& path);

std::string to_dot(const Plan& plan);
// A picture of the plan: path ending in .svg is rendered by Graphviz's `dot` when it is on the
// PATH; otherwise (or for any other name) the DOT text is written, to path with .svg replaced
// by .dot. Returns the file written; throws dtask::Error when it cannot be.
std::string write_graph(const Plan& plan, const std::string& path);

}  // namespace dtask::diagnostics
