// The progress bar of compute() on the client, on stderr, for computations longer than
// half a second: tasks done of total, rate, time elapsed and left.
//
//   [##########----------] 30000/60001 tasks  52.1k/s  elapsed 0.6s  ETA 0.6s
//
// On a terminal it redraws one line in place; otherwise (a log file, a batch job) it prints
// a plain line every 10% or 10 s. `--no-progress` or set_progress(false) turn it off.
// It runs on a thread of its own that reads the scheduler's counters (sched::Progress) every
// 150 ms: the scheduler only adds to an atomic per task.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <dtask/sched/run_log.hpp>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace dtask::diagnostics {

// "[####------] 3/10 tasks  1.2k/s  elapsed 2.5s  ETA 5.8s"
std::string progress_line(std::uint64_t done, std::uint64_t total, double elapsed_seconds);

class ProgressBar {
 public:
  enum class Mode { terminal, plain };
  // Watches counters from now until stop() (or destruction), drawing on out.
  ProgressBar(const sched::Progress& counters, std::ostream& out, Mode mode);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;
  // Draws the last state if anything was drawn, and joins the thread.
  void stop();

  static constexpr std::chrono::milliseconds tick{150};
  static constexpr double quiet_seconds = 0.5;  // shorter computations draw nothing
  static constexpr double plain_every_seconds = 10;

 private:
  void run();
  void draw(bool last);

  const sched::Progress& counters_;
  std::ostream& out_;
  const Mode mode_;
  const sched::Clock::time_point start_ = sched::Clock::now();
  bool drawn_ = false;
  int plain_decile_ = -1;  // of the last plain line
  double plain_at_ = 0;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;  // last: starts once the members above exist
};

// Turns the bar on or off for later computations (on by default).
void set_progress(bool on);

}  // namespace dtask::diagnostics
