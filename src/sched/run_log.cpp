#include <dtask/sched/run_log.hpp>
#include <mutex>

namespace dtask::sched {

namespace {

struct Log {
  const Clock::time_point start = Clock::now();
  std::atomic<bool> recording{false};
  std::mutex mutex;
  RunRecords records;
  std::vector<JobRecords> pending;  // not yet records
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

void append_records(JobRecords job) {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records.scheduler_busy_seconds += job.scheduler_busy_seconds;
  l.records.memory.insert(l.records.memory.end(), job.memory.begin(), job.memory.end());
  job.memory.clear();
  l.pending.push_back(std::move(job));
}

RunRecords recorded() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  for (const JobRecords& job : l.pending) {
    for (const NodeRun& r : job.runs) {
      const Key& key = job.plan->nodes[r.node].key();
      l.records.tasks.push_back(
          {key.str(), key.prefix(), r.worker, r.thread, r.start, r.end, r.bytes_in, r.bytes_out});
    }
    for (const KeyTransfer& t : job.transfers)
      l.records.transfers.push_back({t.key.str(), t.from, t.to, t.bytes, t.start, t.end});
    for (const KeySpill& s : job.spills)
      l.records.spills.push_back({s.key.str(), s.worker, s.to_disk, s.bytes, s.start, s.end});
  }
  l.pending.clear();
  RunRecords copy = l.records;
  copy.wall_seconds = seconds_since_start(Clock::now());
  return copy;
}

void clear_records() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records = RunRecords{};
  l.pending.clear();
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
