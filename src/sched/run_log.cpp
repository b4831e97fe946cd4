#include <dtask/sched/run_log.hpp>
#include <mutex>

namespace dtask::sched {

namespace {

struct Log {
  const Clock::time_point start = Clock::now();
  std::atomic<bool> recording{false};
  std::mutex mutex;
  RunRecords records;
  std::vector<std::pair<std::shared_ptr<const Plan>, std::vector<NodeRun>>>
      pending_tasks;  // not yet records
  std::vector<KeyTransfer> pending_transfers;
  Progress progress;
  std::atomic<Instrument*> instrument{nullptr};
};

// Built on first use, which static initialisation makes early: before main in any program.
Log& log() {
  static Log instance;
  return instance;
}
[[maybe_unused]] const Log& started_at_load = log();

}  // namespace

double seconds_since_start(Clock::time_point t) {
  return std::chrono::duration<double>(t - log().start).count();
}
double start_in_clock_seconds() { return clock_seconds(log().start); }

void set_recording(bool on) { log().recording.store(on, std::memory_order_relaxed); }
bool recording() noexcept { return log().recording.load(std::memory_order_relaxed); }

void append_records(std::shared_ptr<const Plan> plan, std::vector<NodeRun> runs,
                    std::vector<KeyTransfer> transfers, std::vector<MemorySample> memory,
                    double scheduler_busy_seconds) {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records.scheduler_busy_seconds += scheduler_busy_seconds;
  l.pending_tasks.emplace_back(std::move(plan), std::move(runs));
  if (l.pending_transfers.empty())
    l.pending_transfers = std::move(transfers);
  else
    l.pending_transfers.insert(l.pending_transfers.end(),
                               std::make_move_iterator(transfers.begin()),
                               std::make_move_iterator(transfers.end()));
  l.records.memory.insert(l.records.memory.end(), memory.begin(), memory.end());
}

RunRecords recorded() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  for (const auto& [plan, runs] : l.pending_tasks)
    for (const NodeRun& r : runs) {
      const Key& key = plan->nodes[r.node].key();
      l.records.tasks.push_back(
          {key.str(), key.prefix(), r.worker, r.thread, r.start, r.end, r.bytes_in, r.bytes_out});
    }
  for (const KeyTransfer& t : l.pending_transfers)
    l.records.transfers.push_back({t.key.str(), t.from, t.to, t.bytes, t.start, t.end});
  l.pending_tasks.clear();
  l.pending_transfers.clear();
  RunRecords copy = l.records;
  copy.wall_seconds = seconds_since_start(Clock::now());
  return copy;
}

void clear_records() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records = RunRecords{};
  l.pending_tasks.clear();
  l.pending_transfers.clear();
}

Progress& progress() { return log().progress; }

void install_instrument(Instrument* instrument) { log().instrument.store(instrument); }
Instrument* instrument() noexcept { return log().instrument.load(); }

ComputeScope::ComputeScope(const Plan& plan) {
  record_.start = seconds_since_start(Clock::now());
  record_.tasks = plan.size();
  progress().done.store(0, std::memory_order_relaxed);
  progress().total.store(plan.size(), std::memory_order_relaxed);
  if (Instrument* i = instrument()) {
    wants_outcome_ = i->wants_outcome();
    i->compute_started(plan);
  }
}

ComputeScope::~ComputeScope() {
  record_.end = seconds_since_start(Clock::now());
  if (recording()) {
    Log& l = log();
    std::lock_guard lock(l.mutex);
    l.records.computes.push_back(record_);
  }
  if (Instrument* i = instrument()) i->compute_finished(outcome_.plan ? &outcome_ : nullptr);
}

}  // namespace dtask::sched
