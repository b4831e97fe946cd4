// The client process's log of its computations, written by the schedulers and read by
// diagnostics/ (which sits above them and installs an Instrument to watch each compute()):
//
//   sched::set_recording(true);        // the profiler's records cost a little: off by default
//   ... compute() ...
//   sched::RunRecords r = sched::recorded();
//
// Progress counters are always kept (a relaxed atomic add per task); records only while
// recording is on.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <dtask/core/plan.hpp>
#include <dtask/sched/task_outcome.hpp>
#include <dtask/sched/task_record.hpp>
#include <memory>
#include <string>
#include <vector>

namespace dtask::sched {

using Clock = std::chrono::steady_clock;

// Seconds since the process started (the origin of every record).
double seconds_since_start(Clock::time_point t);
// The origin as seconds of Clock's epoch, to convert clock readings sent as plain numbers.
double start_in_clock_seconds();
inline double clock_seconds(Clock::time_point t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

void set_recording(bool on);
bool recording() noexcept;
// Keeps the plan (its graph: tasks, not results) until recorded() names the runs' keys.
void append_records(JobRecords job);
RunRecords recorded();
void clear_records();

// The computation in progress: read by the progress bar's thread.
struct Progress {
  std::atomic<std::uint64_t> total{0};
  std::atomic<std::uint64_t> done{0};
};
Progress& progress();
inline void count_task_done() { progress().done.fetch_add(1, std::memory_order_relaxed); }

// Options the runtime takes off the command line for the diagnostics layer.
struct InstrumentOptions {
  std::string report;  // --report FILE.html
  bool progress = true;
  std::string graph;  // --graph FILE.svg (or .dot)
  std::string graph_colour;  // --graph-colour priority|state ("": state after a failure only)
};

// Implemented by diagnostics/: told when each compute() starts and ends (with how its tasks
// ended, if it wants that), and when the runtime shuts down (the moment to write a report).
class Instrument {
 public:
  virtual ~Instrument() = default;
  virtual void configure(const InstrumentOptions& options) = 0;
  virtual void compute_started(const Plan& plan) = 0;
  // Read once per compute(): the outcome costs a pass over the plan at its end.
  virtual bool wants_outcome() const = 0;
  // outcome: null unless wanted (or when the scheduler failed before it could tell).
  virtual void compute_finished(const ComputeOutcome* outcome) = 0;
  virtual void session_ended() = 0;
};
void install_instrument(Instrument* instrument);
Instrument* instrument() noexcept;

// A scheduler's get() inside one: resets the counters, tells the instrument, and on the way out
// (return or throw) logs the compute's record and tells the instrument again, with the
// outcome the scheduler set (from any thread, before get() returns or throws).
class ComputeScope {
 public:
  explicit ComputeScope(const Plan& plan);
  ~ComputeScope();
  ComputeScope(const ComputeScope&) = delete;
  ComputeScope& operator=(const ComputeScope&) = delete;

  bool wants_outcome() const noexcept { return wants_outcome_; }
  void set_outcome(ComputeOutcome outcome) { outcome_ = std::move(outcome); }

 private:
  ComputeRecord record_;
  bool wants_outcome_ = false;
  ComputeOutcome outcome_;
};

}  // namespace dtask::sched
