#include <dtask/sched/simulator.hpp>

#include <algorithm>
#include <chrono>
#include <queue>
#include <unordered_map>

#include <dtask/core/error.hpp>

namespace dtask::sched {

namespace {

struct Event {
  enum Kind : std::uint8_t { runnable, finished, reported };
  double time;
  std::uint64_t order;  // ties keep the order events were made: results are deterministic
  Kind kind;
  NodeId task;
  WorkerId worker;
  std::uint32_t assignment;  // runnable: which assignment of the task it belongs to
  bool operator>(const Event& other) const {
    return time != other.time ? time > other.time : order > other.order;
  }
};

// A task on a worker with its inputs there, waiting for a thread.
struct Runnable {
  std::uint32_t priority;  // lower runs first
  NodeId task;
  std::uint32_t assignment;
  auto operator<=>(const Runnable&) const = default;
};

std::vector<double> durations_of(const Plan& plan, const SimulationConfig& config) {
  std::vector<double> seconds(plan.size(), 0);
  for (NodeId id = 0; id < plan.size(); ++id) {
    for (const PlanStep& step : plan.nodes[id].steps) {
      const double s = config.step_seconds ? config.step_seconds(*step.key) : config.task_seconds;
      if (!(s >= 0))
        DTASK_THROW(ValueError,
                    "simulated task '" + step.key->str() + "' takes " + std::to_string(s) + " s");
      seconds[id] += s;
    }
  }
  return seconds;
}

class Simulation {
 public:
  Simulation(const Plan& plan, const SimulationConfig& config)
      : plan_(plan),
        config_(config),
        durations_(durations_of(plan, config)),
        machine_(plan, config.scheduler),
        workers_(config.workers, Worker{config.threads, {}}),
        started_(plan.size(), false),
        assignments_(plan.size(), 0) {}

  SimulationResult run() {
    timed([&] {
      for (unsigned w = 0; w < config_.workers; ++w) machine_.add_worker(config_.threads, actions_);
      machine_.submit(actions_);
    });
    outputs_left_ = distinct_outputs();
    dispatch();
    bool reported = false;
    while (!events_.empty() && outputs_left_ > 0) {
      const Event e = events_.top();
      events_.pop();
      now_ = e.time;
      switch (e.kind) {
        case Event::runnable:
          if (e.assignment != assignments_[e.task]) break;  // stolen on the way
          workers_[e.worker].runnable.push({plan_.nodes[e.task].priority, e.task, e.assignment});
          start_tasks(e.worker);
          break;
        case Event::finished:
          workers_[e.worker].free_threads += 1;
          push(now_ + config_.latency, Event::reported, e.task, e.worker);
          start_tasks(e.worker);
          break;
        case Event::reported:
          timed([&] {
            machine_.task_finished(e.task, e.worker, config_.result_bytes, durations_[e.task],
                                   actions_);
          });
          processing_ -= 1;
          dispatch();
          reported = true;
          break;
      }
      // The MPI scheduler balances once per pass over the messages that arrived together; here,
      // once per simulated instant with reports (not after each: that costs O(workers) each).
      if (reported && (events_.empty() || events_.top().time > now_)) {
        timed([&] { machine_.balance(actions_); });
        dispatch();
        reported = false;
      }
    }
    if (outputs_left_ > 0)
      DTASK_THROW(Error, "simulation stalled: requested results never reached memory");
    result_.makespan = now_;
    result_.ideal = ideal();
    return result_;
  }

 private:
  struct Worker {
    unsigned free_threads;
    // Most urgent first.
    std::priority_queue<Runnable, std::vector<Runnable>, std::greater<>> runnable;
  };

  template <class F>
  void timed(F&& f) {
    const auto start = std::chrono::steady_clock::now();
    f();
    result_.scheduler_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  void push(double time, Event::Kind kind, NodeId task, WorkerId worker,
            std::uint32_t assignment = 0) {
    events_.push(Event{time, next_order_++, kind, task, worker, assignment});
  }

  static std::uint64_t copy_id(NodeId task, WorkerId worker) {
    return (static_cast<std::uint64_t>(task) << 32) | worker;
  }

  // Carries out the state machine's actions, and feeds it the answers they get at once.
  void dispatch() {
    while (!actions_.empty()) {
      Actions batch = std::move(actions_);
      actions_.clear();
      outputs_left_ -= batch.done.size();
      for (const auto& f : batch.free) arrivals_.erase(copy_id(f.task, f.worker));
      for (const auto& run : batch.run) send_run(run.task, run.worker);
      processing_ += batch.run.size();
      result_.peak_processing = std::max(result_.peak_processing, processing_);
      // A steal succeeds when the victim has not started the task (answered at once: the
      // simulated victim's state is known here).
      timed([&] {
        for (const auto& steal : batch.steal) {
          const bool give_back = !started_[steal.task];
          if (give_back) ++result_.steals, --processing_;
          machine_.steal_answered(steal.task, steal.worker, give_back, actions_);
        }
      });
    }
  }

  // The run message reaches the worker after one latency; it then fetches the inputs it lacks,
  // one after another over its link. A copy already on its way is waited for, not fetched again.
  void send_run(NodeId task, WorkerId w) {
    double ready = now_ + config_.latency;
    double fetched = ready + config_.latency;
    for (NodeId dep : plan_.nodes[task].deps) {
      const auto& holders = machine_.who_has(dep);
      if (std::find(holders.begin(), holders.end(), w) != holders.end()) {
        if (auto it = arrivals_.find(copy_id(dep, w)); it != arrivals_.end())
          ready = std::max(ready, it->second);
        continue;
      }
      fetched += static_cast<double>(machine_.nbytes(dep)) / config_.bandwidth;
      ready = std::max(ready, fetched);
      arrivals_[copy_id(dep, w)] = fetched;
      result_.bytes_moved += machine_.nbytes(dep);
      machine_.replica_added(dep, w);
    }
    push(ready, Event::runnable, task, w, ++assignments_[task]);
  }

  void start_tasks(WorkerId w) {
    Worker& worker = workers_[w];
    while (worker.free_threads > 0 && !worker.runnable.empty()) {
      const Runnable next = worker.runnable.top();
      worker.runnable.pop();
      if (next.assignment != assignments_[next.task]) continue;  // stolen meanwhile
      started_[next.task] = true;
      worker.free_threads -= 1;
      result_.tasks += 1;
      push(now_ + durations_[next.task], Event::finished, next.task, w);
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
      finish[id] = start + durations_[id];
      work += durations_[id];
      path = std::max(path, finish[id]);
    }
    return std::max(work / (static_cast<double>(config_.workers) * config_.threads), path);
  }

  const Plan& plan_;
  const SimulationConfig& config_;
  const std::vector<double> durations_;  // simulated seconds per node
  StateMachine machine_;
  Actions actions_;
  std::vector<Worker> workers_;
  std::vector<bool> started_;
  std::vector<std::uint32_t> assignments_;              // times each task was sent to a worker
  std::unordered_map<std::uint64_t, double> arrivals_;  // fetched copies: when they land
  std::priority_queue<Event, std::vector<Event>, std::greater<>> events_;
  std::uint64_t next_order_ = 0;
  std::uint64_t processing_ = 0;  // tasks on workers
  std::size_t outputs_left_ = 0;
  double now_ = 0;
  SimulationResult result_;
};

}  // namespace

SimulationResult simulate(const Plan& plan, const SimulationConfig& config) {
  if (config.workers == 0 || config.threads == 0)
    DTASK_THROW(ValueError, "a simulation needs workers and threads");
  if (!(config.bandwidth > 0)) DTASK_THROW(ValueError, "a simulation needs a positive bandwidth");
  if (!(config.latency >= 0))
    DTASK_THROW(ValueError, "a simulation needs a latency of at least 0 s");
  return Simulation(plan, config).run();
}

}  // namespace dtask::sched
