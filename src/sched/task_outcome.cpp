#include <algorithm>
#include <dtask/sched/task_outcome.hpp>

namespace dtask::sched {

const char* to_string(TaskOutcome outcome) {
  switch (outcome) {
    case TaskOutcome::held: return "held";
    case TaskOutcome::released: return "released";
    case TaskOutcome::failed: return "failed";
    case TaskOutcome::input_failed: return "input failed";
    case TaskOutcome::not_run: return "not run";
  }
  return "?";
}

namespace {

// An erred node failed itself when the failure names one of its steps (a fused chain may
// fail in any of them); otherwise an input did.
bool threw_here(const PlanNode& node, const Failure& failure) {
  return std::any_of(node.steps.begin(), node.steps.end(),
                     [&](const PlanStep& step) { return step.key->str() == failure.key; });
}

}  // namespace

std::vector<TaskOutcome> task_outcomes(const Plan& plan, const StateMachine& machine) {
  std::vector<TaskOutcome> outcomes(plan.size(), TaskOutcome::not_run);
  for (NodeId id = 0; id < plan.size(); ++id) {
    switch (machine.state(id)) {
      case TaskState::memory: outcomes[id] = TaskOutcome::held; break;
      case TaskState::forgotten: outcomes[id] = TaskOutcome::released; break;
      case TaskState::erred:
        outcomes[id] = threw_here(plan.nodes[id], *machine.failure(id)) ? TaskOutcome::failed
                                                                        : TaskOutcome::input_failed;
        break;
      default: break;
    }
  }
  return outcomes;
}

bool ComputeOutcome::failed() const {
  return std::find(tasks.begin(), tasks.end(), TaskOutcome::failed) != tasks.end();
}

}  // namespace dtask::sched
