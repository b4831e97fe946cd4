// The scheduler state machine: pure bookkeeping, no threads, no MPI, no clocks. Schedulers
// feed it events (graph submitted, worker added, task finished or erred, result no longer
// wanted) and carry out the actions it returns (run this task on that worker, free that copy,
// this requested result is ready or failed). The thread scheduler, the MPI scheduler and the
// simulator all drive this one class.
//
// A task moves released -> waiting -> (queued) -> processing -> memory -> forgotten, or to
// erred. Tasks without inputs ("roots") wait in a priority queue on the scheduler and go to a
// worker only while it has a free slot (about 1.1 x its threads), so producers cannot flood
// memory; roots feeding the same dependent go to one worker together. A result is freed as soon as no pending dependent and no client handle needs it.
//
//   StateMachine sm(plan);
//   Actions out;
//   sm.add_worker(4, out);
//   sm.submit(out);             // out.run: {task, worker} pairs to start
//   sm.task_finished(t, w, nbytes, seconds, out);
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <dtask/core/plan.hpp>

namespace dtask::sched {

using WorkerId = std::uint32_t;

enum class TaskState : std::uint8_t { released, waiting, queued, processing, memory, erred, forgotten };
const char* to_string(TaskState state);

// Why a task erred: the key whose function threw and its message, shared by every dependent.
struct Failure {
  std::string key;
  std::string message;
};

struct Actions {
  struct Assignment {
    NodeId task;
    WorkerId worker;
  };
  std::vector<Assignment> run;   // start task on worker (its inputs are in memory somewhere)
  std::vector<Assignment> free;  // worker may drop its copy of task's result
  std::vector<NodeId> done;      // a requested result is in memory
  std::vector<NodeId> failed;    // a requested result erred
  std::vector<Assignment> steal; // ask worker to give task back if it has not started it

  void clear();
  bool empty() const;
};

struct SchedulerConfig {
  double saturation = 1.1;         // root tasks per thread a worker may hold
  double bandwidth = 100e6;        // bytes/s assumed for moving inputs between workers
  double unknown_duration = 0.5;   // seconds assumed for a prefix not yet measured (as Dask)
  // Tiny roots: when the next queued root's prefix is measured to run much faster than a
  // scheduler round trip and to return small results, a worker may hold enough of them to stay
  // busy for one round trip: at most small_roots_per_thread per thread, and no more than
  // small_roots_bytes_per_thread of their results. 0 s: never.
  double round_trip = 0;
  std::size_t small_result_bytes = 64 * 1024;
  unsigned small_roots_per_thread = 1024;
  std::size_t small_roots_bytes_per_thread = 1 << 20;
  // Sibling roots (feeding the same dependent) go to one worker together, up to this many at
  // once even beyond its free slots.
  unsigned max_root_group = 8;
};

class StateMachine {
 public:
  explicit StateMachine(const Plan& plan, SchedulerConfig config = {});

  WorkerId add_worker(unsigned nthreads, Actions& out);
  // Before submit: task's result is already in memory on holders (a value persisted by an
  // earlier computation), nbytes each. It never runs, its dependents may start at once, and it
  // is held for good: no action ever frees it (its owner frees it when it is done with it).
  // Its inputs, if the plan has any, are no longer needed by it.
  void set_in_memory(NodeId task, std::span<const WorkerId> holders, std::size_t nbytes);
  void submit(Actions& out);
  void task_finished(NodeId task, WorkerId worker, std::size_t nbytes, double seconds, Actions& out);
  void task_erred(NodeId task, WorkerId worker, Failure failure, Actions& out);
  // The client drops its handle on a requested result.
  void release(NodeId task, Actions& out);
  // Work stealing: a worker with an idle thread takes tasks, not yet started, from a worker with
  // a backlog. balance() asks victims (steal actions); each answers with steal_answered().
  // A task that was already started stays where it is: a task never runs twice.
  void balance(Actions& out);
  void steal_answered(NodeId task, WorkerId victim, bool given_back, Actions& out);
  // A worker whose memory is above its pause fraction starts no new task: it gets no roots and
  // no ready tasks while another worker is not paused, and idle workers may steal all of its
  // queued tasks. When every worker is paused, one with nothing to do still gets one root, so
  // that the computation always moves.
  void set_paused(WorkerId worker, bool paused, Actions& out);

  // worker now holds a copy of task's result too (it fetched it as an input): the copy is
  // counted, preferred for placement, and freed with the others.
  void replica_added(NodeId task, WorkerId worker);

  TaskState state(NodeId task) const { return tasks_[task].state; }
  const Failure* failure(NodeId task) const { return tasks_[task].failure.get(); }
  const auto& who_has(NodeId task) const { return tasks_[task].who_has; }
  std::size_t nbytes(NodeId task) const { return tasks_[task].nbytes; }
  // The worker a processing task is assigned to.
  WorkerId processing_worker(NodeId task) const { return tasks_[task].processing_on; }
  std::uint32_t processing_on(WorkerId worker) const { return workers_[worker].processing; }
  std::size_t stored_bytes(WorkerId worker) const { return workers_[worker].stored_bytes; }
  std::size_t worker_count() const { return workers_.size(); }
  std::size_t queued_count() const { return queued_.size(); }

 private:
  struct TaskInfo {
    TaskState state = TaskState::released;
    bool wanted = false;
    bool held = false;                     // set_in_memory: never freed here
    std::uint32_t waiting_on = 0;          // inputs not yet in memory
    std::uint32_t pending_dependents = 0;  // dependents that may still read this result
    WorkerId processing_on = 0;
    std::uint32_t processing_slot = 0;  // index in its worker's processing list
    bool stealing = false;              // a steal request is out
    bool started = false;               // its worker refused a steal: it runs there for sure
    WorkerId thief = 0;
    double expected_seconds = 0;
    std::size_t nbytes = 0;
    boost::container::small_vector<WorkerId, 1> who_has;
    std::shared_ptr<const Failure> failure;
  };
  struct WorkerInfo {
    unsigned nthreads;
    std::uint32_t processing = 0;
    std::uint32_t incoming = 0;     // tasks being stolen for it
    bool paused = false;
    std::vector<NodeId> processing_list = {};
    double occupancy = 0;  // expected seconds of the tasks it is processing
    std::size_t stored_bytes = 0;
  };
  struct PrefixStats {
    double seconds = 0;
    double nbytes = 0;
    std::uint64_t count = 0;
  };
  void make_ready(NodeId task, Actions& out);
  void assign(NodeId task, WorkerId worker, Actions& out);
  void stop_processing(NodeId task);
  bool worth_stealing(NodeId task, WorkerId thief) const;
  WorkerId decide_worker(NodeId task) const;
  bool siblings(NodeId a, NodeId b) const;
  void assign_root_group(WorkerId worker, Actions& out);
  void fill_slots(WorkerId worker, Actions& out);
  void fill_all_slots(Actions& out);
  bool has_free_slot(WorkerId worker) const;
  bool accepts_work(WorkerId worker) const;
  std::uint32_t backlog(WorkerId worker) const;
  std::uint32_t root_slots(WorkerId worker) const;
  double expected_seconds(NodeId task) const;
  void reestimate_prefix(std::uint32_t prefix);
  void mark_erred(NodeId task, std::shared_ptr<const Failure> failure, Actions& out);
  void maybe_release(NodeId task, Actions& out);

  const Plan& plan_;
  SchedulerConfig config_;
  std::vector<TaskInfo> tasks_;
  std::vector<WorkerInfo> workers_;
  std::size_t total_threads_ = 0;
  std::size_t paused_workers_ = 0;
  std::vector<PrefixStats> prefix_stats_;
  std::vector<NodeId> queued_;     // roots not yet on a worker, most urgent last
  std::vector<NodeId> no_worker_;  // ready before any worker joined
};

}  // namespace dtask::sched
