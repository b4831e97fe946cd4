#include <dtask/sched/state_machine.hpp>

#include <algorithm>
#include <cmath>

namespace dtask::sched {

const char* to_string(TaskState state) {
  switch (state) {
    case TaskState::released: return "released";
    case TaskState::waiting: return "waiting";
    case TaskState::queued: return "queued";
    case TaskState::processing: return "processing";
    case TaskState::memory: return "memory";
    case TaskState::erred: return "erred";
    case TaskState::forgotten: return "forgotten";
  }
  return "unknown";
}

void Actions::clear() {
  run.clear();
  free.clear();
  done.clear();
  failed.clear();
  steal.clear();
}

bool Actions::empty() const {
  return run.empty() && free.empty() && done.empty() && failed.empty() && steal.empty();
}

StateMachine::StateMachine(const Plan& plan, SchedulerConfig config)
    : plan_(plan), config_(config), tasks_(plan.nodes.size()),
      prefix_stats_(plan.prefixes.size()) {}

WorkerId StateMachine::add_worker(unsigned nthreads, Actions& out) {
  workers_.push_back(WorkerInfo{nthreads == 0 ? 1u : nthreads});
  total_threads_ += workers_.back().nthreads;
  auto parked = std::move(no_worker_);
  no_worker_.clear();
  for (NodeId task : parked) make_ready(task, out);
  fill_all_slots(out);
  return static_cast<WorkerId>(workers_.size() - 1);
}

void StateMachine::set_in_memory(NodeId task, std::span<const WorkerId> holders, std::size_t nbytes) {
  TaskInfo& info = tasks_[task];
  info.state = TaskState::memory;
  info.held = true;
  info.nbytes = nbytes;
  info.who_has.assign(holders.begin(), holders.end());
  for (WorkerId w : holders) workers_[w].stored_bytes += nbytes;
}

void StateMachine::submit(Actions& out) {
  for (NodeId out_id : plan_.outputs) tasks_[out_id].wanted = true;
  for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
    const PlanNode& node = plan_.nodes[id];
    TaskInfo& info = tasks_[id];
    info.pending_dependents = static_cast<std::uint32_t>(node.dependents.size());
    if (info.held) continue;
    info.state = TaskState::waiting;
    info.waiting_on = 0;
    for (NodeId dep : node.deps) info.waiting_on += tasks_[dep].held ? 0 : 1;
  }
  for (NodeId id = 0; id < plan_.nodes.size(); ++id) {
    if (!tasks_[id].held) continue;
    // It never runs: its inputs lose a reader, and a requested one is ready now.
    for (NodeId dep : plan_.nodes[id].deps) tasks_[dep].pending_dependents -= 1;
    if (tasks_[id].wanted) out.done.push_back(id);
  }
  for (NodeId id = 0; id < plan_.nodes.size(); ++id)
    if (tasks_[id].state == TaskState::waiting && tasks_[id].waiting_on == 0) make_ready(id, out);
  // Roots only become ready here, so one sort orders the queue for good.
  std::sort(queued_.begin(), queued_.end(), [this](NodeId a, NodeId b) {
    return plan_.nodes[a].priority > plan_.nodes[b].priority;
  });
  fill_all_slots(out);
}

void StateMachine::make_ready(NodeId task, Actions& out) {
  if (plan_.nodes[task].deps.empty()) {
    tasks_[task].state = TaskState::queued;
    queued_.push_back(task);
  } else if (workers_.empty()) {
    no_worker_.push_back(task);
  } else {
    assign(task, decide_worker(task), out);
  }
}

void StateMachine::assign(NodeId task, WorkerId worker, Actions& out) {
  TaskInfo& info = tasks_[task];
  info.state = TaskState::processing;
  info.processing_on = worker;
  info.expected_seconds = expected_seconds(task);
  WorkerInfo& w = workers_[worker];
  w.processing += 1;
  w.occupancy += info.expected_seconds;
  info.processing_slot = static_cast<std::uint32_t>(w.processing_list.size());
  w.processing_list.push_back(task);
  out.run.push_back({task, worker});
}

// The task leaves its worker's books (finished, erred, or stolen).
void StateMachine::stop_processing(NodeId task) {
  TaskInfo& info = tasks_[task];
  WorkerInfo& w = workers_[info.processing_on];
  w.processing -= 1;
  w.occupancy = std::max(0.0, w.occupancy - info.expected_seconds);
  NodeId last = w.processing_list.back();
  w.processing_list[info.processing_slot] = last;
  tasks_[last].processing_slot = info.processing_slot;
  w.processing_list.pop_back();
}

// A prefix's first measurement replaces the unknown-duration guess of its tasks already
// assigned (as Dask's unknown_durations): otherwise each goes on counting 0.5 s in its worker's
// occupancy, and a task whose input that worker holds is sent elsewhere to fetch it.
void StateMachine::reestimate_prefix(std::uint32_t prefix) {
  for (WorkerInfo& w : workers_) {
    for (NodeId t : w.processing_list) {
      if (plan_.nodes[t].prefix != prefix) continue;
      TaskInfo& info = tasks_[t];
      w.occupancy = std::max(0.0, w.occupancy - info.expected_seconds);
      info.expected_seconds = expected_seconds(t);
      w.occupancy += info.expected_seconds;
    }
  }
}

double StateMachine::expected_seconds(NodeId task) const {
  const PrefixStats& s = prefix_stats_[plan_.nodes[task].prefix];
  return s.count == 0 ? config_.unknown_duration : s.seconds / static_cast<double>(s.count);
}

// Among the workers that hold an input (as Dask's decide_worker: stealing evens the load out
// later), or all of them when none of those takes work: the earliest expected start, the
// worker's queued work per thread plus the time to fetch the inputs it lacks; ties go to the
// worker that stores fewer bytes, then the lower id. Paused workers only when every worker is
// paused.
WorkerId StateMachine::decide_worker(NodeId task) const {
  if (workers_.size() == 1) return 0;
  const PlanNode& node = plan_.nodes[task];
  boost::container::small_vector<WorkerId, 8> candidates;
  for (NodeId dep : node.deps) {
    for (WorkerId w : tasks_[dep].who_has)
      if (accepts_work(w) && std::find(candidates.begin(), candidates.end(), w) == candidates.end()) candidates.push_back(w);
  }
  if (candidates.empty()) {
    for (WorkerId w = 0; w < workers_.size(); ++w)
      if (accepts_work(w)) candidates.push_back(w);
  }
  WorkerId best = 0;
  double best_start = 0;
  bool found = false;
  for (WorkerId w : candidates) {
    const WorkerInfo& worker = workers_[w];
    std::size_t missing = 0;
    for (NodeId dep : node.deps) {
      const auto& holders = tasks_[dep].who_has;
      if (std::find(holders.begin(), holders.end(), w) == holders.end()) missing += tasks_[dep].nbytes;
    }
    const double start = worker.occupancy / worker.nthreads + static_cast<double>(missing) / config_.bandwidth;
    const std::size_t stored = worker.stored_bytes, best_stored = workers_[best].stored_bytes;
    const bool better = !found || start < best_start ||
                        (start == best_start && (stored < best_stored || (stored == best_stored && w < best)));
    if (better) {
      best = w;
      best_start = start;
      found = true;
    }
  }
  return best;
}

bool StateMachine::accepts_work(WorkerId worker) const {
  return !workers_[worker].paused || paused_workers_ == workers_.size();
}

// A paused worker takes a root only when every worker is paused and it has nothing at all.
bool StateMachine::has_free_slot(WorkerId worker) const {
  const WorkerInfo& w = workers_[worker];
  if (w.paused) return paused_workers_ == workers_.size() && w.processing == 0;
  return w.processing < root_slots(worker);
}

void StateMachine::set_paused(WorkerId worker, bool paused, Actions& out) {
  WorkerInfo& w = workers_[worker];
  if (w.paused == paused) return;
  w.paused = paused;
  if (paused) ++paused_workers_; else --paused_workers_;
  fill_all_slots(out);
}

// Queued tasks beyond what a worker's threads are running: all of them on a paused worker
// (it starts none), less those it refused to give back (they run there).
std::uint32_t StateMachine::backlog(WorkerId worker) const {
  const WorkerInfo& w = workers_[worker];
  std::uint32_t started = 0;
  if (w.paused)
    for (NodeId t : w.processing_list) started += tasks_[t].started ? 1 : 0;
  const std::uint32_t keep = w.paused ? started : w.nthreads;
  return w.processing > keep ? w.processing - keep : 0;
}

// How many tasks a worker may be processing before it gets another queued root: about 1.1 per
// thread (Dask's saturation), or more for tiny roots with small results, so that a worker does
// not idle for a whole scheduler round trip after each one.
std::uint32_t StateMachine::root_slots(WorkerId worker) const {
  const unsigned threads = workers_[worker].nthreads;
  // The tolerance keeps rounding noise (50 x 1.1 = 55.000000000000007) from adding a slot.
  const auto base = static_cast<std::uint32_t>(std::max(1.0, std::ceil(threads * config_.saturation - 1e-9)));
  if (config_.round_trip <= 0 || queued_.empty()) return base;
  const PrefixStats& s = prefix_stats_[plan_.nodes[queued_.back()].prefix];
  const double nbytes = s.count == 0 ? 0 : s.nbytes / static_cast<double>(s.count);
  if (s.count == 0 || nbytes > static_cast<double>(config_.small_result_bytes)) return base;
  const double seconds = std::max(1e-7, s.seconds / static_cast<double>(s.count));
  const double by_bytes = std::floor(static_cast<double>(config_.small_roots_bytes_per_thread) / std::max(1.0, nbytes));
  const double per_thread =
      std::min({static_cast<double>(config_.small_roots_per_thread), by_bytes, std::ceil(config_.round_trip / seconds)});
  return std::max(base, static_cast<std::uint32_t>(per_thread) * threads);
}

// Roots that feed the same first dependent (the leaves of one tree node, the inputs of one
// add) sit next to each other in priority order.
bool StateMachine::siblings(NodeId a, NodeId b) const {
  const auto& da = plan_.nodes[a].dependents;
  const auto& db = plan_.nodes[b].dependents;
  return !da.empty() && !db.empty() && da.front() == db.front();
}

// Gives worker the most urgent queued root and, while more roots wait than all workers have
// threads (so that no worker idles for it), the queued siblings right behind it: at most
// max_root_group in all, even past its free slots (never to a paused worker). Their dependent
// then finds its inputs on one worker instead of fetching them.
void StateMachine::assign_root_group(WorkerId worker, Actions& out) {
  const NodeId first = queued_.back();
  queued_.pop_back();
  assign(first, worker, out);
  if (queued_.size() < total_threads_ || workers_[worker].paused) return;  // paused: one at a time
  for (unsigned taken = 1; taken < config_.max_root_group && !queued_.empty() && siblings(first, queued_.back()); ++taken) {
    assign(queued_.back(), worker, out);
    queued_.pop_back();
  }
}

void StateMachine::fill_slots(WorkerId worker, Actions& out) {
  while (!queued_.empty() && has_free_slot(worker)) assign_root_group(worker, out);
}

// Hands queued roots out one group at a time, round robin, so idle workers start together.
void StateMachine::fill_all_slots(Actions& out) {
  bool assigned = true;
  while (!queued_.empty() && assigned) {
    assigned = false;
    for (WorkerId w = 0; w < workers_.size() && !queued_.empty(); ++w) {
      if (!has_free_slot(w)) continue;
      assign_root_group(w, out);
      assigned = true;
    }
  }
}

void StateMachine::task_finished(NodeId task, WorkerId worker, std::size_t nbytes, double seconds,
                                 Actions& out) {
  TaskInfo& info = tasks_[task];
  if (info.state != TaskState::processing || info.processing_on != worker) return;  // stale
  stop_processing(task);
  workers_[worker].stored_bytes += nbytes;
  PrefixStats& stats = prefix_stats_[plan_.nodes[task].prefix];
  stats.seconds += seconds;
  stats.nbytes += static_cast<double>(nbytes);
  stats.count += 1;
  if (stats.count == 1) reestimate_prefix(plan_.nodes[task].prefix);

  info.state = TaskState::memory;
  info.nbytes = nbytes;
  info.who_has.assign(1, worker);

  const PlanNode& node = plan_.nodes[task];
  for (NodeId d : node.dependents) {
    TaskInfo& dependent = tasks_[d];
    if (dependent.state == TaskState::waiting && --dependent.waiting_on == 0) make_ready(d, out);
  }
  for (NodeId dep : node.deps) {
    tasks_[dep].pending_dependents -= 1;
    maybe_release(dep, out);
  }
  if (info.wanted) out.done.push_back(task);
  maybe_release(task, out);
  fill_slots(worker, out);
}

void StateMachine::task_erred(NodeId task, WorkerId worker, Failure failure, Actions& out) {
  TaskInfo& info = tasks_[task];
  if (info.state != TaskState::processing || info.processing_on != worker) return;  // stale
  stop_processing(task);
  mark_erred(task, std::make_shared<const Failure>(std::move(failure)), out);
  fill_slots(worker, out);
}

// The task and everything downstream of it err; the inputs they will never read are released.
void StateMachine::mark_erred(NodeId task, std::shared_ptr<const Failure> failure, Actions& out) {
  std::vector<NodeId> pending{task};
  tasks_[task].state = TaskState::erred;
  while (!pending.empty()) {
    NodeId id = pending.back();
    pending.pop_back();
    TaskInfo& info = tasks_[id];
    info.failure = failure;
    if (info.wanted) out.failed.push_back(id);
    const PlanNode& node = plan_.nodes[id];
    for (NodeId dep : node.deps) {
      if (tasks_[dep].state == TaskState::erred) continue;
      tasks_[dep].pending_dependents -= 1;
      maybe_release(dep, out);
    }
    for (NodeId d : node.dependents) {
      if (tasks_[d].state != TaskState::erred) {
        tasks_[d].state = TaskState::erred;
        pending.push_back(d);
      }
    }
  }
}

void StateMachine::release(NodeId task, Actions& out) {
  TaskInfo& info = tasks_[task];
  info.wanted = false;
  if (info.state == TaskState::erred && info.pending_dependents == 0) info.state = TaskState::forgotten;
  maybe_release(task, out);
}

void StateMachine::balance(Actions& out) {
  for (WorkerId thief = 0; thief < workers_.size(); ++thief) {
    if (workers_[thief].paused) continue;
    while (workers_[thief].processing + workers_[thief].incoming < workers_[thief].nthreads) {
      // The victim: the worker with the longest backlog.
      WorkerId victim = thief;
      std::uint32_t longest = 0;
      for (WorkerId w = 0; w < workers_.size(); ++w) {
        const std::uint32_t excess = backlog(w);
        if (excess > longest) victim = w, longest = excess;
      }
      if (longest == 0) return;
      // Its least urgent task that is worth moving; started ones are refused by the victim.
      NodeId chosen = 0;
      bool found = false;
      for (NodeId t : workers_[victim].processing_list) {
        if (tasks_[t].stealing || tasks_[t].started || !worth_stealing(t, thief)) continue;
        if (!found || plan_.nodes[t].priority > plan_.nodes[chosen].priority) chosen = t, found = true;
      }
      if (!found) break;
      tasks_[chosen].stealing = true;
      tasks_[chosen].thief = thief;
      workers_[thief].incoming += 1;
      out.steal.push_back({chosen, victim});
    }
  }
}

// Moving a task pays when fetching the inputs the thief lacks takes less than running it.
bool StateMachine::worth_stealing(NodeId task, WorkerId thief) const {
  std::size_t missing = 0;
  for (NodeId dep : plan_.nodes[task].deps) {
    const auto& holders = tasks_[dep].who_has;
    if (std::find(holders.begin(), holders.end(), thief) == holders.end()) missing += tasks_[dep].nbytes;
  }
  return static_cast<double>(missing) / config_.bandwidth < expected_seconds(task);
}

void StateMachine::steal_answered(NodeId task, WorkerId victim, bool given_back, Actions& out) {
  TaskInfo& info = tasks_[task];
  if (!info.stealing) return;
  info.stealing = false;
  workers_[info.thief].incoming -= 1;
  if (info.state != TaskState::processing || info.processing_on != victim) return;
  if (!given_back) {
    info.started = true;
    return;
  }
  stop_processing(task);
  assign(task, info.thief, out);
}

void StateMachine::replica_added(NodeId task, WorkerId worker) {
  TaskInfo& info = tasks_[task];
  if (info.state != TaskState::memory) return;
  if (std::find(info.who_has.begin(), info.who_has.end(), worker) != info.who_has.end()) return;
  info.who_has.push_back(worker);
  workers_[worker].stored_bytes += info.nbytes;
}

void StateMachine::maybe_release(NodeId task, Actions& out) {
  TaskInfo& info = tasks_[task];
  if (info.state != TaskState::memory || info.pending_dependents > 0 || info.wanted || info.held) return;
  for (WorkerId w : info.who_has) {
    out.free.push_back({task, w});
    workers_[w].stored_bytes -= info.nbytes;
  }
  info.who_has.clear();
  info.state = TaskState::forgotten;
}

}  // namespace dtask::sched
