// The scheduler on rank 0: a thread of its own that drives the state machine for the jobs the
// client submits, talks to the workers, and hands results back. DistributedScheduler is the
// client's side: get() builds the plan, queues it, and waits.
#pragma once

#include <mpi.h>

#include <memory>

#include <dtask/sched/run_stats.hpp>
#include <dtask/sched/scheduler.hpp>

namespace dtask::mpi {

class SchedulerLoop;

class DistributedScheduler : public sched::Scheduler {
 public:
  // Starts the scheduler thread; it waits for every worker's hello.
  explicit DistributedScheduler(MPI_Comm comm);
  // Shuts the workers down and joins the scheduler thread.
  ~DistributedScheduler() override;

  std::vector<Value> get(const Graph& graph, std::span<const Key> keys) override;
  // The values stay on the workers that computed them (src/mpi/persisted.hpp), until the last
  // collection holding the returned tasks is gone.
  std::vector<Task> persist(const Graph& graph, std::span<const Key> keys) override;
  // The compute threads of all workers (waits for their hellos).
  unsigned parallelism() const override;
  // Stops the workers and returns the run's statistics; get() must not be called after.
  const sched::RunStats& shut_down();

 private:
  std::unique_ptr<SchedulerLoop> loop_;
};

}  // namespace dtask::mpi
