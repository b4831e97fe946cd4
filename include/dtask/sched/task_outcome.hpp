// How each task of a finished compute() ended, for pictures of its plan (diagnostics/dot.hpp):
// read off the state machine when the computation ends, before its results are released.
//
//   std::vector<TaskOutcome> outcomes = task_outcomes(plan, machine);
//   outcomes[node] == TaskOutcome::failed   // its function threw
#pragma once

#include <cstdint>
#include <dtask/core/plan.hpp>
#include <dtask/sched/state_machine.hpp>
#include <memory>
#include <vector>

namespace dtask::sched {

enum class TaskOutcome : std::uint8_t {
  held,          // ran; its result was still in memory at the end (a requested one, usually)
  released,      // ran; its result was freed once nothing needed it
  failed,        // its function threw
  input_failed,  // erred because a task it depends on failed
  not_run,       // never ran: the computation stopped first
};
const char* to_string(TaskOutcome outcome);

// By node of plan, from the machine that ran it.
std::vector<TaskOutcome> task_outcomes(const Plan& plan, const StateMachine& machine);

// A compute()'s plan and how its tasks ended.
struct ComputeOutcome {
  std::shared_ptr<const Plan> plan;
  std::vector<TaskOutcome> tasks;  // by node
  bool failed() const;
};

}  // namespace dtask::sched
