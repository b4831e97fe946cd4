#include "local_run.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <queue>
#include <thread>

#include <dtask/core/execute.hpp>
#include <dtask/core/process_memory.hpp>
#include <dtask/sched/run_log.hpp>
#include <dtask/sched/state_machine.hpp>

namespace dtask::sched {

namespace {

constexpr WorkerId local_worker = 0;

class LocalRun {
 public:
  LocalRun(std::shared_ptr<const Plan> owned, unsigned nthreads)
      : plan_(std::move(owned)), machine_(*plan_), ready_(LaterFirst{plan_.get()}), results_(plan_->size()),
        nthreads_(nthreads), recording_(recording()) {}

  std::vector<Value> run(ComputeScope& scope) {
    std::vector<std::jthread> threads;
    {
      std::lock_guard lock(mutex_);
      machine_.add_worker(nthreads_, actions_);
      machine_.submit(actions_);
      outputs_left_ = count_distinct_outputs();
      apply_actions();
      if (recording_) sample_memory(Clock::now());
    }
    try {
      for (unsigned i = 1; i < nthreads_; ++i) threads.emplace_back([this, i] { work(i); });
    } catch (...) {
      stop_with(std::current_exception());
    }
    work(0);
    for (auto& t : threads) t.join();
    if (recording_) {
      sample_memory(Clock::now());
      log_records();
    }
    if (scope.wants_outcome()) scope.set_outcome({plan_, task_outcomes(*plan_, machine_)});

    if (fatal_) std::rethrow_exception(fatal_);
    if (failure_) throw TaskError(failure_->key, failure_->message, __FILE__, __LINE__);
    std::vector<Value> values;
    values.reserve(plan_->outputs.size());
    for (NodeId out : plan_->outputs) values.push_back(results_[out]);
    return values;
  }

 private:
  struct LaterFirst {
    const Plan* plan;
    bool operator()(NodeId a, NodeId b) const { return plan->nodes[a].priority > plan->nodes[b].priority; }
  };

  std::size_t count_distinct_outputs() const {
    std::vector<bool> seen(plan_->size(), false);
    std::size_t n = 0;
    for (NodeId out : plan_->outputs)
      if (!seen[out]) seen[out] = true, ++n;
    return n;
  }

  // The thread loop: take the most urgent ready task, run it unlocked, report it locked.
  void work(unsigned thread) {
    std::vector<Value> garbage;  // freed results, destroyed outside the lock
    std::vector<const Value*> inputs;
    std::unique_lock lock(mutex_);
    while (true) {
      if (ready_.empty() && !stop_) wait_for_work(lock);
      if (stop_) break;
      NodeId task = ready_.top();
      ready_.pop();
      ready_count_.store(ready_.size(), std::memory_order_relaxed);
      if (!ready_.empty() && idle_ > 0) wake_.notify_one();
      lock.unlock();

      garbage.clear();
      const PlanNode& node = plan_->nodes[task];
      inputs.clear();
      for (NodeId dep : node.deps) inputs.push_back(&results_[dep]);
      Value result;
      std::shared_ptr<const Failure> failed;
      const auto start = Clock::now();
      try {
        result = execute(node, inputs);
      } catch (const TaskError& e) {
        failed = std::make_shared<const Failure>(Failure{e.key(), e.cause()});
      } catch (...) {
        stop_with(std::current_exception());
        lock.lock();
        break;
      }
      const auto end = Clock::now();
      double seconds = std::chrono::duration<double>(end - start).count();
      std::size_t nbytes = result.nbytes();

      lock.lock();
      count_task_done();
      if (recording_) runs_.push_back(Run{task, thread, start, end, nbytes});
      try {
        actions_.clear();
        if (failed) {
          machine_.task_erred(task, local_worker, *failed, actions_);
        } else {
          results_[task] = std::move(result);
          machine_.task_finished(task, local_worker, nbytes, seconds, actions_);
        }
        apply_actions(&garbage);
        if (recording_ && end >= next_sample_) sample_memory(end);
      } catch (...) {
        fatal_ = std::current_exception();
        stop_ = true;
        stopping_.store(true, std::memory_order_relaxed);
        wake_.notify_all();
      }
    }
  }

  // The profiler's records, handed over with the plan once the threads are joined.
  void log_records() {
    std::vector<NodeRun> records;
    records.reserve(runs_.size());
    for (const Run& run : runs_)
      records.push_back(NodeRun{run.task, 0, run.thread, seconds_since_start(run.start), seconds_since_start(run.end), 0,
                                run.nbytes});
    append_records({.plan = plan_, .runs = std::move(records), .transfers = {}, .spills = {}, .memory = std::move(memory_)});
  }

  // The process's memory, as worker 0's; called with the lock held (or the threads joined).
  void sample_memory(Clock::time_point now) {
    memory_.push_back(MemorySample{0, seconds_since_start(now), resident_bytes(),
                                   machine_.stored_bytes(local_worker), 0});
    next_sample_ = now + memory_sample_interval;
  }

  // Called with the lock held; returns with it held and work ready or stop_ set. Spins briefly
  // before sleeping: with tasks of a few microseconds, a sleep and wake-up through the kernel
  // would cost more than the task.
  void wait_for_work(std::unique_lock<std::mutex>& lock) {
    using clock = std::chrono::steady_clock;
    lock.unlock();
    const auto give_up = clock::now() + spin_time;
    for (unsigned i = 1; ready_count_.load(std::memory_order_relaxed) == 0 &&
                         !stopping_.load(std::memory_order_relaxed);
         ++i) {
      if (i % 64 == 0 && clock::now() > give_up) break;
      pause();
    }
    lock.lock();
    while (ready_.empty() && !stop_) {
      ++idle_;
      wake_.wait(lock);
      --idle_;
    }
  }

  static void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }

  // Called with the lock held.
  void apply_actions(std::vector<Value>* garbage = nullptr) {
    for (const auto& run : actions_.run) ready_.push(run.task);
    ready_count_.store(ready_.size(), std::memory_order_relaxed);
    for (const auto& f : actions_.free) {
      if (garbage) garbage->push_back(std::move(results_[f.task]));
      results_[f.task] = Value();
    }
    for (NodeId failed : actions_.failed) {
      if (!failure_) failure_ = std::make_shared<const Failure>(*machine_.failure(failed));
      stop_ = true;
    }
    outputs_left_ -= actions_.done.size();
    if (outputs_left_ == 0) stop_ = true;
    if (stop_) {
      stopping_.store(true, std::memory_order_relaxed);
      wake_.notify_all();
    } else if (ready_.size() > 1 && idle_ > 0) {
      wake_.notify_one();
    }
  }

  void stop_with(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    if (!fatal_) fatal_ = error;
    stop_ = true;
    stopping_.store(true, std::memory_order_relaxed);
    wake_.notify_all();
  }

  const std::shared_ptr<const Plan> plan_;  // shared with the profiler's log while recording
  StateMachine machine_;
  Actions actions_;
  std::priority_queue<NodeId, std::vector<NodeId>, LaterFirst> ready_;
  std::vector<Value> results_;  // by node; written by the thread that ran it
  const unsigned nthreads_;

  std::mutex mutex_;
  std::condition_variable wake_;
  unsigned idle_ = 0;  // threads asleep on wake_
  // Hints read without the lock by spinning threads; the lock-protected fields decide.
  std::atomic<std::size_t> ready_count_{0};
  std::atomic<bool> stopping_{false};
  static constexpr std::chrono::microseconds spin_time{50};
  std::size_t outputs_left_ = 0;
  bool stop_ = false;
  std::exception_ptr fatal_;
  std::shared_ptr<const Failure> failure_;

  // Tasks run, for the profiler (only while recording: a vector push under the lock).
  struct Run {
    NodeId task;
    unsigned thread;
    Clock::time_point start, end;
    std::uint64_t nbytes;
  };
  const bool recording_;
  std::vector<Run> runs_;
  std::vector<MemorySample> memory_;
  Clock::time_point next_sample_;
};

}  // namespace

std::vector<Value> run_locally(Plan plan, unsigned nthreads) {
  if (plan.outputs.empty()) return {};
  ComputeScope scope(plan);
  LocalRun run(std::make_shared<const Plan>(std::move(plan)), nthreads == 0 ? 1 : nthreads);
  return run.run(scope);
}

}  // namespace dtask::sched
