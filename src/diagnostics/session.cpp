// The diagnostics that watch every compute() of the process: the progress bar, and the report
// that --report asks for. Installed into the schedulers' log (sched/run_log.hpp) before main,
// so that the runtime below never needs to know this layer.
#include <unistd.h>

#include <dtask/core/log.hpp>
#include <dtask/diagnostics/dot.hpp>
#include <dtask/diagnostics/profile.hpp>
#include <dtask/diagnostics/progress.hpp>
#include <dtask/diagnostics/report.hpp>
#include <dtask/sched/run_log.hpp>
#include <iostream>
#include <memory>
#include <mutex>

namespace dtask::diagnostics {

namespace {

class Session final : public sched::Instrument {
 public:
  void configure(const sched::InstrumentOptions& options) override {
    std::lock_guard lock(mutex_);
    report_ = options.report;
    progress_ = options.progress;
    graph_ = options.graph;
    graph_colour_ = options.graph_colour;
    if (!report_.empty()) sched::set_recording(true);
  }

  void set_progress(bool on) {
    std::lock_guard lock(mutex_);
    progress_ = on;
  }

  // Computations may nest or overlap (several client threads): one bar for the outermost.
  void compute_started(const Plan& plan) override {
    std::lock_guard lock(mutex_);
    if (!graph_.empty()) draw_graph(plan);
    if (running_++ > 0 || !progress_) return;
    const auto mode =
        isatty(STDERR_FILENO) ? ProgressBar::Mode::terminal : ProgressBar::Mode::plain;
    // The bar draws on stderr like the log: no redraws in place between log lines.
    if (log::enabled(log::Level::info)) return;
    bar_ = std::make_unique<ProgressBar>(sched::progress(), std::cerr, mode);
  }

  bool wants_outcome() const override {
    std::lock_guard lock(mutex_);
    return !graph_.empty() && graph_colour_ != "priority";
  }

  // The picture drawn at the start shows priorities; after a failure (or always, with
  // --graph-colour state) it is drawn again with how each task ended.
  void compute_finished(const sched::ComputeOutcome* outcome) override {
    std::lock_guard lock(mutex_);
    if (--running_ == 0) bar_.reset();
    if (outcome && (graph_colour_ == "state" || outcome->failed()))
      draw_graph(*outcome->plan, outcome->tasks);
  }

  void session_ended() override {
    std::lock_guard lock(mutex_);
    if (report_.empty()) return;
    try {
      const Profile p = profile();
      write_report(p, report_);
      DTASK_LOG(info, "report of " << p.records.tasks.size() << " tasks written to " << report_);
    } catch (const std::exception& e) {
      DTASK_LOG(warn, e.what());
    }
  }

 private:
  // Each compute() overwrites the picture: the file shows the last one.
  void draw_graph(const Plan& plan, std::span<const sched::TaskOutcome> outcomes = {}) const {
    try {
      const std::string written = write_graph(plan, graph_, outcomes);
      DTASK_LOG(info, "graph of " << plan.size() << " tasks written to " << written);
    } catch (const std::exception& e) {
      DTASK_LOG(warn, e.what());
    }
  }

  mutable std::mutex mutex_;
  std::string report_;
  std::string graph_;
  std::string graph_colour_;
  bool progress_ = true;
  int running_ = 0;
  std::unique_ptr<ProgressBar> bar_;
};

Session& session() {
  static Session instance;
  return instance;
}

const bool installed = (sched::install_instrument(&session()), true);

}  // namespace

void set_progress(bool on) { session().set_progress(on); }

}  // namespace dtask::diagnostics

// Referenced from the link line (CMakeLists.txt: --undefined), so that static links keep this
// file, and with it the installation above, though no code calls into it.
extern "C" const bool dtask_diagnostics_session = dtask::diagnostics::installed;
