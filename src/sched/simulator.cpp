#include <dtask/sched/simulator.hpp>

#include <algorithm>
#include <chrono>
#include <queue>

namespace dtask::sched {

namespace {

struct Event {
  enum Kind : std::uint8_t { runnable, finished, reported };
  double time;
  std::uint64_t order;  // ties keep the order events were made: results are deterministic
  Kind kind;
  NodeId task;
  WorkerId worker;
  bool operator>(const Event& other) const {
    return time != other.time ? time > other.time : order > other.order;
  }
};

class Simulation {
 public:
  Simulation(const Plan& plan, const SimulationConfig& config)
      : plan_(plan), config_(config), machine_(plan, config.scheduler), workers_(config.workers),
        started_(plan.size(), false) {}

  SimulationResult run() {
    timed([&] {
      for (unsigned w = 0; w < config_.workers; ++w) machine_.add_worker(config_.threads, actions_);
      machine_.submit(actions_);
    });
    for (Worker& w : workers_) w.free_threads = config_.threads;
    dispatch(0);
    std::size_t outputs_left = distinct_outputs();
    while (!events_.empty() && outputs_left > 0) {
      Event e = events_.top();
      events_.pop();
      now_ = e.time;
      switch (e.kind) {
        case Event::runnable:
          if (machine_.processing_worker(e.task) != e.worker) break;  // stolen on the way
          workers_[e.worker].runnable.push({plan_.nodes[e.task].priority, e.task});
          start_tasks(e.worker);
          break;
        case Event::finished:
          workers_[e.worker].free_threads += 1;
          push(now_ + config_.latency, Event::reported, e.task, e.worker);
          start_tasks(e.worker);
          break;
        case Event::reported:
          timed([&] {
            machine_.task_finished(e.task, e.worker, config_.result_bytes, task_seconds(e.task), actions_);
            machine_.balance(actions_);
          });
          outputs_left -= actions_.done.size();
          dispatch(now_);
          break;
      }
    }
    result_.makespan = now_;
    result_.ideal = ideal();
    return result_;
  }

 private:
  struct Worker {
    unsigned free_threads = 0;
    // Runnable tasks, most urgent (lowest priority value) first.
    std::priority_queue<std::pair<std::uint32_t, NodeId>, std::vector<std::pair<std::uint32_t, NodeId>>,
                        std::greater<>> runnable;
  };

  template <class F>
  void timed(F&& f) {
    auto start = std::chrono::steady_clock::now();
    f();
    result_.scheduler_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void push(double time, Event::Kind kind, NodeId task, WorkerId worker) {
    events_.push(Event{time, next_order_++, kind, task, worker});
  }

  double task_seconds(NodeId task) const {
    return config_.task_seconds * static_cast<double>(plan_.nodes[task].steps.size());
  }

  // A run action reaches the worker after one latency; inputs it lacks then cross the network.
  void dispatch(double now) {
    while (!actions_.empty()) {
      Actions batch = std::move(actions_);
      actions_.clear();
      for (const auto& run : batch.run) {
        double ready = now + config_.latency;
        for (NodeId dep : plan_.nodes[run.task].deps) {
          const auto& holders = machine_.who_has(dep);
          if (std::find(holders.begin(), holders.end(), run.worker) != holders.end()) continue;
          ready = std::max(ready, now + 2 * config_.latency +
                                      static_cast<double>(machine_.nbytes(dep)) / config_.bandwidth);
          result_.bytes_moved += machine_.nbytes(dep);
          machine_.replica_added(dep, run.worker);
        }
        push(ready, Event::runnable, run.task, run.worker);
      }
      // A steal succeeds when the victim has not started the task (answered at once: the
      // simulated victim's state is known here).
      timed([&] {
        for (const auto& steal : batch.steal) {
          bool give_back = !started_[steal.task];
          if (give_back) ++result_.steals;
          machine_.steal_answered(steal.task, steal.worker, give_back, actions_);
        }
      });
    }
  }

  void start_tasks(WorkerId w) {
    Worker& worker = workers_[w];
    while (worker.free_threads > 0 && !worker.runnable.empty()) {
      NodeId task = worker.runnable.top().second;
      worker.runnable.pop();
      if (machine_.processing_worker(task) != w || started_[task]) continue;  // stolen meanwhile
      started_[task] = true;
      worker.free_threads -= 1;
      result_.tasks += 1;
      push(now_ + task_seconds(task), Event::finished, task, w);
    }
  }

  std::size_t distinct_outputs() const {
    std::vector<bool> seen(plan_.size(), false);
    std::size_t n = 0;
    for (NodeId out : plan_.outputs)
      if (!seen[out]) seen[out] = true, ++n;
    return n;
  }

  double ideal() const {
    std::vector<double> finish(plan_.size(), 0);  // earliest finish with unlimited threads
    double work = 0, path = 0;
    for (NodeId id = 0; id < plan_.size(); ++id) {  // dependencies have smaller ids
      double start = 0;
      for (NodeId dep : plan_.nodes[id].deps) start = std::max(start, finish[dep]);
      finish[id] = start + task_seconds(id);
      work += task_seconds(id);
      path = std::max(path, finish[id]);
    }
    return std::max(work / (static_cast<double>(config_.workers) * config_.threads), path);
  }

  const Plan& plan_;
  const SimulationConfig& config_;
  StateMachine machine_;
  Actions actions_;
  std::vector<Worker> workers_;
  std::vector<bool> started_;
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t next_order_ = 0;
  double now_ = 0;
  SimulationResult result_;
};

}  // namespace

SimulationResult simulate(const Plan& plan, const SimulationConfig& config) {
  if (config.workers == 0 || config.threads == 0) DTASK_THROW(ValueError, "a simulation needs workers and threads");
  return Simulation(plan, config).run();
}

}  // namespace dtask::sched
