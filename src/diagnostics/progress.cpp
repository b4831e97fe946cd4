#include <algorithm>
#include <cstdio>
#include <dtask/diagnostics/progress.hpp>

namespace dtask::diagnostics {

namespace {

std::string seconds_text(double s) {
  char buffer[32];
  if (s < 60)
    std::snprintf(buffer, sizeof buffer, "%.1fs", s);
  else if (s < 3600)
    std::snprintf(buffer, sizeof buffer, "%dm%02ds", static_cast<int>(s) / 60,
                  static_cast<int>(s) % 60);
  else
    std::snprintf(buffer, sizeof buffer, "%dh%02dm", static_cast<int>(s) / 3600,
                  static_cast<int>(s) / 60 % 60);
  return buffer;
}

std::string rate_text(double per_second) {
  char buffer[32];
  if (per_second >= 1e6)
    std::snprintf(buffer, sizeof buffer, "%.1fM/s", per_second / 1e6);
  else if (per_second >= 1e3)
    std::snprintf(buffer, sizeof buffer, "%.1fk/s", per_second / 1e3);
  else
    std::snprintf(buffer, sizeof buffer, "%.1f/s", per_second);
  return buffer;
}

}  // namespace

std::string progress_line(std::uint64_t done, std::uint64_t total, double elapsed) {
  constexpr int width = 20;
  const double fraction =
      total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * width);
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
  std::string line = "[" + std::string(filled, '#') + std::string(width - filled, '-') + "] " +
                     std::to_string(done) + "/" + std::to_string(total) + " tasks  " +
                     rate_text(rate) + "  elapsed " + seconds_text(elapsed);
  if (done < total)
    line += "  ETA " +
            (rate > 0 ? seconds_text(static_cast<double>(total - done) / rate) : std::string("?"));
  return line;
}

ProgressBar::ProgressBar(const sched::Progress& counters, std::ostream& out, Mode mode)
    : counters_(counters), out_(out), mode_(mode), thread_([this] { run(); }) {}

ProgressBar::~ProgressBar() { stop(); }

void ProgressBar::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stop_) return;
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (drawn_) draw(true);
}

void ProgressBar::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, tick, [this] { return stop_; })) draw(false);
}

void ProgressBar::draw(bool last) {
  const double elapsed = std::chrono::duration<double>(sched::Clock::now() - start_).count();
  if (elapsed < quiet_seconds) return;
  const std::uint64_t total = counters_.total.load(std::memory_order_relaxed);
  const std::uint64_t done = std::min(counters_.done.load(std::memory_order_relaxed), total);
  const std::string line = progress_line(done, total, elapsed);
  if (mode_ == Mode::terminal) {
    // Erase to the end of the line: the line can get shorter (the ETA goes at the end).
    out_ << '\r' << line << "\x1b[K" << (last ? "\n" : "") << std::flush;
    drawn_ = true;
    return;
  }
  const int decile = total == 0 ? 10 : static_cast<int>(done * 10 / total);
  if (last && plain_decile_ == 10) return;  // the 100% line is out already
  if (!last && decile == plain_decile_ && elapsed - plain_at_ < plain_every_seconds) return;
  out_ << line << '\n' << std::flush;
  plain_decile_ = decile;
  plain_at_ = elapsed;
  drawn_ = true;
}

}  // namespace dtask::diagnostics
