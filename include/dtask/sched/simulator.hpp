// The scheduler on a simulated cluster: the real StateMachine drives simulated workers whose
// tasks take a modelled time and whose inputs cross a modelled network, in simulated time (no
// threads, no sleeping). It shows how scheduling behaves beyond one machine: 1,000 workers,
// 1,000,000 tasks.
//
//   SimulationConfig config;
//   config.workers = 1000;
//   SimulationResult r = simulate(optimize(graph, keys), config);
//   r.makespan / r.ideal;                 // 1.0 is perfect
//   r.scheduler_seconds * 1e6 / r.tasks;  // the state machine's cost per task, measured
#pragma once

#include <cstdint>

#include <dtask/core/plan.hpp>
#include <dtask/sched/state_machine.hpp>

namespace dtask::sched {

struct SimulationConfig {
  unsigned workers = 4;
  unsigned threads = 1;           // per worker
  double task_seconds = 1e-3;     // every task (a fused node: per step)
  std::size_t result_bytes = 8;   // every result
  double bandwidth = 1e9;         // bytes/s between workers
  double latency = 10e-6;         // seconds for any message
  SchedulerConfig scheduler;      // what the state machine is given
};

struct SimulationResult {
  double makespan = 0;         // simulated seconds until the last requested result is in
  double ideal = 0;            // max(work / threads, critical path): no schedule beats it
  std::uint64_t tasks = 0;     // tasks run (each exactly once)
  std::uint64_t bytes_moved = 0;
  std::uint64_t steals = 0;    // tasks moved by work stealing
  double scheduler_seconds = 0;  // real time spent in the state machine
};

SimulationResult simulate(const Plan& plan, const SimulationConfig& config);

}  // namespace dtask::sched
