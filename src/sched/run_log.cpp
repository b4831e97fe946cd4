#include <dtask/sched/run_log.hpp>

#include <mutex>

namespace dtask::sched {

namespace {

struct Log {
  const Clock::time_point start = Clock::now();
  std::atomic<bool> recording{false};
  std::mutex mutex;
  RunRecords records;
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

double seconds_since_start(Clock::time_point t) { return std::chrono::duration<double>(t - log().start).count(); }
double start_in_clock_seconds() { return clock_seconds(log().start); }

void set_recording(bool on) { log().recording.store(on, std::memory_order_relaxed); }
bool recording() noexcept { return log().recording.load(std::memory_order_relaxed); }

void append_records(std::vector<TaskRecord> tasks, std::vector<TransferRecord> transfers,
                    double scheduler_busy_seconds) {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records.scheduler_busy_seconds += scheduler_busy_seconds;
  auto move_into = [](auto& to, auto& from) {
    if (to.empty()) to = std::move(from);
    else to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  };
  move_into(l.records.tasks, tasks);
  move_into(l.records.transfers, transfers);
}

RunRecords recorded() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  RunRecords copy = l.records;
  copy.wall_seconds = seconds_since_start(Clock::now());
  return copy;
}

void clear_records() {
  Log& l = log();
  std::lock_guard lock(l.mutex);
  l.records = RunRecords{};
}

Progress& progress() { return log().progress; }

void install_instrument(Instrument* instrument) { log().instrument.store(instrument); }
Instrument* instrument() noexcept { return log().instrument.load(); }

ComputeScope::ComputeScope(const Plan& plan) {
  record_.start = seconds_since_start(Clock::now());
  record_.tasks = plan.size();
  progress().done.store(0, std::memory_order_relaxed);
  progress().total.store(plan.size(), std::memory_order_relaxed);
  if (Instrument* i = instrument()) i->compute_started(plan);
}

ComputeScope::~ComputeScope() {
  record_.end = seconds_since_start(Clock::now());
  if (recording()) {
    Log& l = log();
    std::lock_guard lock(l.mutex);
    l.records.computes.push_back(record_);
  }
  if (Instrument* i = instrument()) i->compute_finished();
}

}  // namespace dtask::sched
