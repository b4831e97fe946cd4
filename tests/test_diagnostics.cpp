// Diagnostics on one process: the progress bar's lines, the profiler's records of the thread
// scheduler, the report page's data, pictures of plans.
#include <gtest/gtest.h>

#include <algorithm>
#include <dtask/core/log.hpp>
#include <dtask/diagnostics/dot.hpp>
#include <dtask/diagnostics/profile.hpp>
#include <dtask/diagnostics/progress.hpp>
#include <dtask/diagnostics/report.hpp>
#include <dtask/dtask.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

namespace {

using dtask::diagnostics::ProgressBar;
using namespace std::chrono_literals;

std::vector<double> dg_ones(long n) {
  return std::vector<double>(static_cast<std::size_t>(n), 1.0);
}
double dg_total(const std::vector<std::vector<double>>& parts) {
  double s = 0;
  for (const auto& p : parts)
    for (double x : p) s += x;
  return s;
}
std::vector<double> dg_fails(long) { throw std::runtime_error("this leaf fails"); }
DTASK_FUNCTIONS(dg_ones, dg_total, dg_fails);

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ProgressLine, ShowsDoneTotalRateElapsedAndEta) {
  EXPECT_EQ(dtask::diagnostics::progress_line(3, 10, 2.0),
            "[######--------------] 3/10 tasks  1.5/s  elapsed 2.0s  ETA 4.7s");
  EXPECT_EQ(dtask::diagnostics::progress_line(60001, 60001, 1.2),
            "[####################] 60001/60001 tasks  50.0k/s  elapsed 1.2s");
}

TEST(ProgressBar, DrawsNothingForAShortComputation) {
  dtask::sched::Progress counters;
  counters.total = 10;
  std::ostringstream out;
  {
    ProgressBar bar(counters, out, ProgressBar::Mode::plain);
    std::this_thread::sleep_for(200ms);
    counters.done = 10;
  }
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBar, PrintsAPlainLineEveryTenthWhenNotOnATerminal) {
  dtask::sched::Progress counters;
  counters.total = 5;
  std::ostringstream out;
  ProgressBar bar(counters, out, ProgressBar::Mode::plain);
  std::this_thread::sleep_for(600ms);
  for (int i = 0; i < 5; ++i) {
    ++counters.done;
    std::this_thread::sleep_for(2 * ProgressBar::tick);
  }
  bar.stop();
  const auto lines = lines_of(out.str());
  EXPECT_EQ(out.str().find('\r'), std::string::npos);
  // A line when it first shows (after 0.5 s), then one per fifth done that a tick sees (every
  // one, unless the machine is so loaded that a tick comes late), the last at 5/5.
  const std::regex line(R"(\[[#-]{20}\] (\d)/5 tasks  [0-9.]+/s  elapsed [0-9.]+s.*)");
  std::vector<int> done;
  for (const auto& l : lines) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(l, m, line)) << l;
    done.push_back(std::stoi(m[1]));
  }
  ASSERT_GE(done.size(), 2u) << out.str();
  EXPECT_TRUE(std::is_sorted(done.begin(), done.end())) << out.str();
  EXPECT_EQ(std::set<int>(done.begin(), done.end()).size(), done.size())
      << out.str();  // no repeats
  EXPECT_EQ(done.back(), 5) << out.str();
}

TEST(ProgressBar, RedrawsOneLineOnATerminal) {
  dtask::sched::Progress counters;
  counters.total = 4;
  std::ostringstream out;
  {
    ProgressBar bar(counters, out, ProgressBar::Mode::terminal);
    std::this_thread::sleep_for(900ms);
    counters.done = 4;
  }
  const std::string text = out.str();
  EXPECT_GE(std::count(text.begin(), text.end(), '\r'), 2);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);  // once, at the end
  EXPECT_NE(text.rfind("4/4 tasks"), std::string::npos);
}

class Profiler : public ::testing::Test {
 protected:
  void SetUp() override {
    dtask::diagnostics::clear_profile();
    dtask::diagnostics::set_profiling(true);
  }
  void TearDown() override {
    dtask::diagnostics::set_profiling(false);
    dtask::diagnostics::clear_profile();
  }
  // 40 leaves of 100 doubles and their total: 41 tasks.
  static dtask::Delayed<double> forty_leaves() {
    std::vector<dtask::Delayed<std::vector<double>>> parts;
    for (int i = 0; i < 40; ++i) parts.push_back(dtask::delayed(dg_ones)(100L));
    return dtask::delayed(dg_total)(parts);
  }
};

TEST_F(Profiler, RecordsEveryTaskOfTheThreadSchedulerInsideItsCompute) {
  dtask::sched::ThreadScheduler threads(2);
  ASSERT_EQ(forty_leaves().compute(threads), 4000.0);

  const auto records = dtask::diagnostics::profile().records;
  ASSERT_EQ(records.computes.size(), 1u);
  const auto& compute = records.computes.front();
  EXPECT_EQ(compute.tasks, 41u);
  ASSERT_EQ(records.tasks.size(), 41u);
  std::set<std::string> keys;
  for (const auto& t : records.tasks) {
    keys.insert(t.key);
    EXPECT_EQ(t.worker, 0);
    EXPECT_LT(t.thread, 2u);
    EXPECT_LE(compute.start, t.start);
    EXPECT_LE(t.start, t.end);
    EXPECT_LE(t.end, compute.end);
    EXPECT_EQ(t.bytes_in, 0u);  // one process: nothing is fetched
    EXPECT_EQ(t.bytes_out,
              t.prefix == "dg_ones" ? sizeof(std::vector<double>) + 800 : sizeof(double))
        << t.key;
  }
  EXPECT_EQ(keys.size(), 41u);
  EXPECT_TRUE(records.transfers.empty());
  EXPECT_LE(compute.end, records.wall_seconds);
}

TEST_F(Profiler, SamplesTheMemoryOfTheThreadSchedulerAtItsStartAndEnd) {
  dtask::sched::ThreadScheduler threads(2);
  ASSERT_EQ(forty_leaves().compute(threads), 4000.0);

  const auto records = dtask::diagnostics::profile().records;
  const auto& compute = records.computes.at(0);
  ASSERT_GE(records.memory.size(), 2u);
  for (const auto& m : records.memory) {
    EXPECT_EQ(m.worker, 0);
    EXPECT_LE(compute.start, m.time);
    EXPECT_LE(m.time, compute.end);
    EXPECT_GT(m.resident_bytes, m.stored_bytes);
    EXPECT_EQ(m.spilled_bytes, 0u);
  }
  EXPECT_EQ(records.memory.front().stored_bytes, 0u) << "nothing ran yet";
  EXPECT_EQ(records.memory.back().stored_bytes, sizeof(double)) << "the total alone is held";
}

TEST_F(Profiler, WritesTheMemoryReportBesideTheTasksAsCsvAndInTheJson) {
  dtask::sched::SyncScheduler sync;
  forty_leaves().compute(sync);
  const auto profile = dtask::diagnostics::profile();
  const std::string dir = ::testing::TempDir();
  profile.to_csv(dir + "tasks.csv");
  std::ifstream csv(dir + "tasks.memory.csv");
  const std::string text((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), profile.records.memory.size() + 1);
  EXPECT_EQ(lines[0], "worker,time,resident_bytes,stored_bytes,spilled_bytes");
  EXPECT_TRUE(std::regex_match(lines[1], std::regex(R"(0,[0-9.e-]+,[1-9][0-9]*,0,0)"))) << lines[1];
  EXPECT_NE(profile.json().find(R"("memory":[{"resident_bytes":)"), std::string::npos);
}

TEST_F(Profiler, RecordsNothingWhenOff) {
  dtask::diagnostics::set_profiling(false);
  dtask::sched::SyncScheduler sync;
  forty_leaves().compute(sync);
  EXPECT_TRUE(dtask::diagnostics::profile().records.tasks.empty());
  EXPECT_TRUE(dtask::diagnostics::profile().records.computes.empty());
  EXPECT_TRUE(dtask::diagnostics::profile().records.memory.empty());
}

TEST(Report, EmbedsTheProfileWithoutEndingItsScriptEarly) {
  dtask::diagnostics::Profile profile;
  profile.records.computes.push_back({0.5, 1.5, 1});
  profile.records.tasks.push_back({"odd</script>key", "odd", 0, 0, 0.6, 0.9, 0, 8});
  const std::string page = dtask::diagnostics::report_html(profile);
  EXPECT_EQ(page.find("odd</script>"), std::string::npos);
  EXPECT_NE(page.find(R"("key":"odd<\/script>key")"), std::string::npos);
  // Nothing from the network: no links, no scripts or images by address.
  EXPECT_FALSE(std::regex_search(page, std::regex(R"((src|href)\s*=|<link)")));
}

}  // namespace

namespace {

dtask::Plan two_leaves_and_total() {
  std::vector<dtask::Delayed<std::vector<double>>> parts{dtask::delayed(dg_ones)(2L),
                                                         dtask::delayed(dg_ones)(3L)};
  const auto total = dtask::delayed(dg_total)(parts);
  return dtask::optimize(total.graph(), std::vector<dtask::Key>{total.key()});
}

TEST(PlanDot, ColoursTasksFromBlueFirstToRedLast) {
  const dtask::Plan plan = two_leaves_and_total();
  const std::string dot = dtask::diagnostics::to_dot(plan);
  for (dtask::NodeId id = 0; id < plan.size(); ++id) {
    const auto& node = plan.nodes[id];
    const char* hue = node.priority == 0                 ? "0.660"
                      : node.priority == plan.size() - 1 ? "0.000"
                                                         : "0.330";
    EXPECT_NE(dot.find("n" + std::to_string(id) + " [label=\"" + node.key().str() +
                       "\", fillcolor=\"" + hue),
              std::string::npos)
        << dot;
    for (dtask::NodeId dep : node.deps)
      EXPECT_NE(dot.find("n" + std::to_string(dep) + " -> n" + std::to_string(id) + ";"),
                std::string::npos);
  }
}

// Runs a plan through a state machine with one worker, as a scheduler would, without running
// the functions: dg_fails throws, everything else returns 8 bytes.
dtask::sched::StateMachine run_by_hand(const dtask::Plan& plan) {
  dtask::sched::StateMachine machine(plan);
  dtask::sched::Actions actions;
  machine.add_worker(1, actions);
  machine.submit(actions);
  while (!actions.run.empty()) {
    const auto run = actions.run;
    actions.clear();
    for (const auto& [task, worker] : run) {
      const auto& node = plan.nodes[task];
      if (node.steps.back().task->function_name() == "dg_fails")
        machine.task_erred(task, worker, {node.key().str(), "this leaf fails"}, actions);
      else
        machine.task_finished(task, worker, 8, 0.001, actions);
    }
  }
  return machine;
}

dtask::Plan leaves_one_failing_and_total() {
  std::vector<dtask::Delayed<std::vector<double>>> parts{
      dtask::delayed(dg_ones)(2L), dtask::delayed(dg_fails)(3L), dtask::delayed(dg_ones)(4L)};
  const auto total = dtask::delayed(dg_total)(parts);
  return dtask::optimize(total.graph(), std::vector<dtask::Key>{total.key()});
}

dtask::NodeId node_running(const dtask::Plan& plan, const std::string& function) {
  for (dtask::NodeId id = 0; id < plan.size(); ++id)
    if (plan.nodes[id].steps.back().task->function_name() == function) return id;
  throw std::logic_error("no task runs " + function);
}

// The box of node id, filled with colour.
bool box_has_colour(const std::string& dot, dtask::NodeId id, const std::string& colour) {
  return std::regex_search(dot, std::regex("n" + std::to_string(id) + R"( \[label="[^"]*", fillcolor=")" + colour + "\""));
}

TEST(TaskOutcomes, TellTheFailedTaskFromItsDependentsAndFromTasksThatRan) {
  using dtask::sched::TaskOutcome;
  const dtask::Plan plan = leaves_one_failing_and_total();
  const auto outcomes = dtask::sched::task_outcomes(plan, run_by_hand(plan));
  for (dtask::NodeId id = 0; id < plan.size(); ++id) {
    const std::string function = plan.nodes[id].steps.back().task->function_name();
    const TaskOutcome expected = function == "dg_fails"   ? TaskOutcome::failed
                                 : function == "dg_total" ? TaskOutcome::input_failed
                                                          : TaskOutcome::released;
    EXPECT_EQ(outcomes[id], expected) << function;
  }
  const dtask::Plan fine = two_leaves_and_total();
  const auto done = dtask::sched::task_outcomes(fine, run_by_hand(fine));
  EXPECT_EQ(done[fine.outputs[0]], TaskOutcome::held);
  EXPECT_EQ(std::count(done.begin(), done.end(), TaskOutcome::released), 2);
}

TEST(PlanDot, ColoursAFailedTaskRedItsDependentsOrangeAndTasksThatRanGreen) {
  const dtask::Plan plan = leaves_one_failing_and_total();
  const auto outcomes = dtask::sched::task_outcomes(plan, run_by_hand(plan));
  const std::string dot = dtask::diagnostics::to_dot(plan, outcomes);
  EXPECT_TRUE(box_has_colour(dot, node_running(plan, "dg_fails"), "#d73027")) << dot;
  EXPECT_TRUE(box_has_colour(dot, node_running(plan, "dg_total"), "#fdae61")) << dot;
  EXPECT_TRUE(box_has_colour(dot, node_running(plan, "dg_ones"), "#a6d96a")) << dot;
  EXPECT_NE(dot.find("tooltip=\"dg_fails, failed\""), std::string::npos) << dot;
  EXPECT_THROW(dtask::diagnostics::to_dot(plan, std::span(outcomes).first(1)), dtask::ValueError);
}

TEST(PlanDot, RendersSvgThroughGraphvizOrWritesTheDotText) {
  const dtask::Plan plan = two_leaves_and_total();
  const std::string dir = ::testing::TempDir();
  const std::string written = dtask::diagnostics::write_graph(plan, dir + "plan.svg");
  std::ifstream file(written);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (std::system("command -v dot >/dev/null 2>&1") == 0) {
    EXPECT_EQ(written, dir + "plan.svg");
    EXPECT_NE(text.find("<svg"), std::string::npos);
  } else {
    EXPECT_EQ(written, dir + "plan.dot");
    EXPECT_EQ(text, dtask::diagnostics::to_dot(plan));
  }
  EXPECT_EQ(dtask::diagnostics::write_graph(plan, dir + "plan.gv"), dir + "plan.gv");
}

}  // namespace

namespace {

TEST(Log, WritesOneTaggedLineAtOrAboveItsLevelOnly) {
  namespace log = dtask::log;
  log::set_level(log::Level::info);
  ::testing::internal::CaptureStderr();
  DTASK_LOG(debug, "hidden " << 1);
  DTASK_LOG(info, "shown " << 2);
  DTASK_LOG(warn, "also shown");
  const std::string text = ::testing::internal::GetCapturedStderr();
  log::set_level(log::Level::warn);
  const auto lines = lines_of(text);
  ASSERT_EQ(lines.size(), 2u) << text;
  EXPECT_TRUE(std::regex_match(lines[0],
                               std::regex(R"(dtask\[rank 0 \+[0-9]+\.[0-9]{3}s\] info: shown 2)")))
      << lines[0];
  EXPECT_TRUE(
      std::regex_match(lines[1], std::regex(R"(dtask\[rank 0 \+[0-9.]+s\] warn: also shown)")))
      << lines[1];
}

TEST(Log, ParsesTheLevelsOfDtaskLog) {
  EXPECT_EQ(dtask::log::parse_level("debug"), dtask::log::Level::debug);
  EXPECT_EQ(dtask::log::parse_level("off"), dtask::log::Level::off);
  EXPECT_THROW(dtask::log::parse_level("verbose"), dtask::ValueError);
}

}  // namespace
