// The scheduler on a simulated cluster: the real StateMachine drives simulated workers whose
// tasks take a modelled time and whose inputs cross a modelled network, in simulated time (no
// threads, no sleeping). It shows how scheduling behaves beyond one machine: 1,000 workers,
// 1,000,000 tasks.
//
//   SimulationConfig config;
//   config.workers = 1000;
//   config.step_seconds = [](const Key& k) { return k.prefix() == "solve" ? 0.1 : 1e-3; };
//   SimulationResult r = simulate(optimize(graph, keys), config);
//   r.makespan / r.ideal;        // 1.0 is perfect
//   r.scheduler_us_per_task();   // the state machine's real cost per task
//
// The model: every message (run, report) takes `latency`; a worker that lacks inputs of a task
// fetches them one after another over its link (latency + bytes / bandwidth) and keeps the
// copies; fetches for different tasks do not slow each other down. The scheduler balances once
// per simulated instant in which reports arrived. simulate() reads the plan and the config only
// while it runs.
#pragma once

#include <cstdint>
#include <functional>

#include <dtask/core/plan.hpp>
#include <dtask/sched/state_machine.hpp>

namespace dtask::sched {

struct SimulationConfig {
  unsigned workers = 4;
  unsigned threads = 1;        // per worker
  double task_seconds = 1e-3;  // every task, unless step_seconds says otherwise
  // Seconds one task takes, by its key (a fused node takes the sum of its steps). Empty:
  // task_seconds for every task.
  std::function<double(const Key&)> step_seconds;
  std::size_t result_bytes = 8;  // every result
  double bandwidth = 1e9;        // bytes/s into a worker
  double latency = 10e-6;        // seconds for any message
  SchedulerConfig scheduler;     // what the state machine is given
};

struct SimulationResult {
  double makespan = 0;                // simulated seconds until the last requested result is known
  double ideal = 0;                   // max(work / threads, critical path): no schedule beats it
  std::uint64_t tasks = 0;            // tasks run (each exactly once)
  std::uint64_t bytes_moved = 0;      // between workers
  std::uint64_t steals = 0;           // tasks moved by work stealing
  std::uint64_t peak_processing = 0;  // most tasks on workers at once (running or held there)
  double scheduler_seconds = 0;       // real time spent in the state machine

  double scheduler_us_per_task() const {
    return tasks == 0 ? 0 : scheduler_seconds * 1e6 / static_cast<double>(tasks);
  }
};

// Throws ValueError for a cluster without workers or threads, a bandwidth that is not
// positive, or a negative latency or task duration.
SimulationResult simulate(const Plan& plan, const SimulationConfig& config);

}  // namespace dtask::sched
