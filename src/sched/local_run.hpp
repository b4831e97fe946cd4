// One computation on the threads of this process: a pool of threads sharing one ready queue,
// driving the state machine as a single worker. Used by the sync and thread schedulers.
#pragma once

#include <dtask/core/plan.hpp>

namespace dtask::sched {

// Runs plan on nthreads threads, the calling thread included; returns the values of
// plan.outputs. All threads are joined before it returns or throws.
std::vector<Value> run_locally(Plan plan, unsigned nthreads);

}  // namespace dtask::sched
