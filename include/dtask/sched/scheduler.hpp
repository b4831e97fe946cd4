// Scheduler: what runs a graph. Collections call get() on the default scheduler, which is the
// thread scheduler in a single process; the MPI runtime installs its own.
//
//   dtask::sched::SyncScheduler sync;                     // one thread, for debugging
//   std::vector<dtask::Value> v = sync.get(graph, keys);  // as dask's get
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include <dtask/core/graph.hpp>
#include <dtask/core/plan.hpp>

namespace dtask::sched {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // The values of keys, computed from graph, in the order asked. Throws TaskError when a task
  // they need fails, GraphError when the graph cannot run.
  virtual std::vector<Value> get(const Graph& graph, std::span<const Key> keys) = 0;
  // Computes keys and keeps their values: returns, in the order asked, one task per key that
  // stands for its value, for the persisted layer of a collection (under the same keys). Here
  // the task holds the value itself, a literal (the values are in this process); the MPI
  // runtime keeps them on its workers instead.
  virtual std::vector<Task> persist(const Graph& graph, std::span<const Key> keys);
  // How many tasks it runs at once (compute threads over all workers): collections size their
  // partitions by it, so that every thread gets a share.
  virtual unsigned parallelism() const = 0;
};

// Runs every task on the calling thread, in priority order: exceptions surface where they
// happen, which makes it the scheduler to debug with.
class SyncScheduler : public Scheduler {
 public:
  explicit SyncScheduler(OptimizeOptions options = {}) : options_(options) {}
  std::vector<Value> get(const Graph& graph, std::span<const Key> keys) override;
  unsigned parallelism() const override { return 1; }

 private:
  OptimizeOptions options_;
};

// Runs ready tasks by priority on nthreads threads (the caller is one of them).
class ThreadScheduler : public Scheduler {
 public:
  // nthreads == 0: the number of cores this process may use.
  explicit ThreadScheduler(unsigned nthreads = 0, OptimizeOptions options = {});
  std::vector<Value> get(const Graph& graph, std::span<const Key> keys) override;
  unsigned threads() const noexcept { return nthreads_; }
  unsigned parallelism() const override { return nthreads_; }
  // Tasks run by completed get() calls so far (for --stats).
  std::uint64_t tasks_run() const noexcept { return tasks_run_; }

 private:
  unsigned nthreads_;
  OptimizeOptions options_;
  std::atomic<std::uint64_t> tasks_run_{0};
};

// The persisted form of keys of graph: a graph of one layer, named layer_name, that defines
// the same keys by the tasks scheduler.persist returns (what Array and DataFrame persist to).
Graph persisted_graph(Scheduler& scheduler, const Graph& graph, std::span<const Key> keys, std::string layer_name);

// The cores this process may run on (mpirun and Slurm often bind a rank to fewer than the
// machine has).
unsigned usable_cores();

// The scheduler compute() uses when none is given; a ThreadScheduler unless replaced.
Scheduler& default_scheduler();
void set_default_scheduler(std::shared_ptr<Scheduler> scheduler);

}  // namespace dtask::sched
