// Runs one plan node: calls each step's function on its arguments and returns the last
// step's result. Every scheduler executes tasks through this one function.
#pragma once

#include <span>

#include <dtask/core/plan.hpp>

namespace dtask {

// inputs[i] is the result of node.deps[i]. A function that throws is reported as a TaskError
// naming the key of the step that threw.
Value execute(const PlanNode& node, std::span<const Value* const> inputs);

}  // namespace dtask
