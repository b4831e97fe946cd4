// Graph export in Graphviz DOT: one box per task, labelled by its key, an arrow from each
// input to the task that reads it. Render with `dot -Tsvg graph.dot -o graph.svg`.
//
// A Plan (the graph as it runs: culled, fused, ordered) is drawn with each box coloured by its
// priority, from blue (runs first) to red (runs last); after its compute(), it can be drawn
// coloured by how each task ended instead (sched::TaskOutcome): failed red, erred for a failed
// input orange, held green, released pale green, not run grey. `--graph FILE.svg` draws the
// plan of every compute() (by outcome after a failure, or always with --graph-colour state).
//
//   std::string dot = to_dot(plan);                  // by priority
//   std::string after = to_dot(plan, outcomes);      // by outcome, outcomes by node
#pragma once

#include <dtask/core/graph.hpp>
#include <dtask/core/plan.hpp>
#include <dtask/sched/task_outcome.hpp>
#include <span>
#include <string>

namespace dtask::diagnostics {

std::string to_dot(const Graph& graph);
// Writes to_dot(graph) to path; throws dtask::Error when the file cannot be written.
void write_dot(const Graph& graph, const std::string& path);

std::string to_dot(const Plan& plan);
std::string to_dot(const Plan& plan, std::span<const sched::TaskOutcome> outcomes);
// A picture of the plan (by outcome when outcomes are given): path ending in .svg is rendered
// by Graphviz's `dot` when it is on the PATH; otherwise (or for any other name) the DOT text is
// written, to path with .svg replaced by .dot. Returns the file written; throws dtask::Error
// when it cannot be.
std::string write_graph(const Plan& plan, const std::string& path,
                        std::span<const sched::TaskOutcome> outcomes = {});

}  // namespace dtask::diagnostics
