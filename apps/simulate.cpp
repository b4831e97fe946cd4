// The scheduler on a simulated cluster (no MPI): how it would run a large graph on many
// workers. Prints the state machine's cost per task and the makespan against the ideal.
//
//   ./simulate --workers 1000 --tasks 1000000 --kind independent
//   ./simulate --workers 1000 --tasks 1000000 --kind tree --task-seconds 0.01
//   ./simulate --workers 100 --threads 4 --tasks 300000 --kind seed --result-bytes 1000000
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <dtask/sched/simulator.hpp>
#include <iostream>

long sim_task(long x) { return x; }
long sim_add(long x, long y) { return x + y; }
long sim_combine(const std::vector<long>& xs) { return static_cast<long>(xs.size()); }
DTASK_FUNCTIONS(sim_task, sim_add, sim_combine);

namespace {

using dtask::Key;
using dtask::Task;
using dtask::Value;

// n independent tasks; a tree reduction over n leaves (split_every 4); or the seed's loop
// (inc(x) + double(x) for n / 3 elements, then their sum). One layer with every task: far
// quicker to build than a million delayed calls.
dtask::Graph make_graph(const std::string& kind, long n, std::vector<Key>& outputs) {
  dtask::Layer::Tasks tasks;
  tasks.reserve(static_cast<std::size_t>(n + n / 3 + 8));
  std::vector<Key> level;
  if (kind == "seed") {
    for (std::int32_t i = 0; i < std::max(1L, n / 3); ++i) {
      tasks.emplace_back(Key("inc", {i}), Task("sim_task", {Value(long{i})}));
      tasks.emplace_back(Key("double", {i}), Task("sim_task", {Value(long{i})}));
      level.emplace_back("add", Key::Index{i});
      tasks.emplace_back(level.back(), Task("sim_add", {Key("inc", {i}), Key("double", {i})}));
    }
    outputs = {Key("total")};
    tasks.emplace_back(outputs.front(), Task("sim_combine", {dtask::KeyList(std::move(level))}));
    return dtask::Graph(std::make_shared<dtask::Layer>(kind, std::move(tasks)));
  }
  for (std::int32_t i = 0; i < n; ++i) {
    level.emplace_back("task", Key::Index{i});
    tasks.emplace_back(level.back(), Task("sim_task", {Value(long{i})}));
  }
  if (kind == "independent") {
    outputs = std::move(level);
  } else {
    for (int depth = 0; level.size() > 1; ++depth) {
      std::vector<Key> next;
      for (std::size_t i = 0; i < level.size(); i += 4) {
        dtask::KeyList group(
            level.begin() + static_cast<std::ptrdiff_t>(i),
            level.begin() + static_cast<std::ptrdiff_t>(std::min(level.size(), i + 4)));
        next.emplace_back("combine-" + std::to_string(depth),
                          Key::Index{static_cast<std::int32_t>(next.size())});
        tasks.emplace_back(next.back(), Task("sim_combine", {std::move(group)}));
      }
      level = std::move(next);
    }
    outputs = level;
  }
  return dtask::Graph(std::make_shared<dtask::Layer>(kind, std::move(tasks)));
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"The scheduler on a simulated cluster"};
  dtask::sched::SimulationConfig config;
  long tasks = 100000;
  std::string kind = "independent";
  app.add_option("--workers", config.workers, "simulated workers")->check(CLI::PositiveNumber);
  app.add_option("--threads", config.threads, "threads per worker")->check(CLI::PositiveNumber);
  app.add_option("--tasks", tasks, "tasks (independent), leaves (tree), or 3 x elements (seed)")
      ->check(CLI::Range(1L, 1L << 30));
  app.add_option("--kind", kind, "independent, tree or seed")
      ->check(CLI::IsMember({"independent", "tree", "seed"}));
  app.add_option("--task-seconds", config.task_seconds, "duration of every task");
  app.add_option("--result-bytes", config.result_bytes, "size of every result");
  app.add_option("--bandwidth", config.bandwidth, "bytes/s between workers");
  app.add_option("--latency", config.latency, "seconds per message");
  CLI11_PARSE(app, argc, argv);

  try {
    using clock = std::chrono::steady_clock;
    auto start = clock::now();
    std::vector<dtask::Key> outputs;
    dtask::Graph graph = make_graph(kind, tasks, outputs);
    dtask::Plan plan = dtask::optimize(graph, outputs);
    double build = std::chrono::duration<double>(clock::now() - start).count();
    start = clock::now();
    dtask::sched::SimulationResult r = dtask::sched::simulate(plan, config);
    double wall = std::chrono::duration<double>(clock::now() - start).count();
    std::cout << "tasks: " << r.tasks << "\n"
              << "workers: " << config.workers << " x " << config.threads << " threads\n"
              << "plan_build_seconds: " << build << "\n"
              << "simulation_wall_seconds: " << wall << "\n"
              << "scheduler_seconds: " << r.scheduler_seconds << "\n"
              << "scheduler_us_per_task: " << r.scheduler_us_per_task() << "\n"
              << "makespan_seconds: " << r.makespan << "\n"
              << "ideal_seconds: " << r.ideal << "\n"
              << "bytes_moved: " << r.bytes_moved << "\n"
              << "steals: " << r.steals << "\n"
              << "peak_processing: " << r.peak_processing << "\n"
              << "result: " << r.makespan / r.ideal << std::endl;
  } catch (const dtask::Error& e) {
    std::cerr << "simulate: " << e.what() << "\n";
    return 1;
  }
}
