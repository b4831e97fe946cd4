// The scheduler on a simulated cluster (no MPI): how it would run a large graph on many
// workers. Prints the state machine's cost per task and the makespan against the ideal.
//
//   ./simulate --workers 1000 --tasks 1000000 --graph independent
//   ./simulate --workers 1000 --tasks 1000000 --graph tree --task-seconds 0.01
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <dtask/sched/simulator.hpp>
#include <iostream>

long sim_task(long x) { return x; }
long sim_combine(const std::vector<long>& xs) { return static_cast<long>(xs.size()); }
DTASK_FUNCTIONS(sim_task, sim_combine);

namespace {

// n independent tasks, or a tree reduction over n leaves (split_every 4), in one layer.
dtask::Graph make_graph(const std::string& kind, long n, std::vector<dtask::Key>& outputs) {
  dtask::Layer::Tasks tasks;
  tasks.reserve(static_cast<std::size_t>(kind == "tree" ? n + n / 3 + 8 : n));
  std::vector<dtask::Key> level;
  for (long i = 0; i < n; ++i) {
    level.emplace_back("task", dtask::Key::Index{static_cast<std::int32_t>(i)});
    tasks.emplace_back(level.back(), dtask::Task("sim_task", {dtask::Value(i)}));
  }
  if (kind == "independent") {
    outputs = std::move(level);
  } else {
    for (int depth = 0; level.size() > 1; ++depth) {
      std::vector<dtask::Key> next;
      for (std::size_t i = 0; i < level.size(); i += 4) {
        dtask::KeyList group(level.begin() + static_cast<std::ptrdiff_t>(i),
                             level.begin() + static_cast<std::ptrdiff_t>(std::min(level.size(), i + 4)));
        next.emplace_back("combine-" + std::to_string(depth), dtask::Key::Index{static_cast<std::int32_t>(next.size())});
        tasks.emplace_back(next.back(), dtask::Task("sim_combine", {std::move(group)}));
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
  app.add_option("--tasks", tasks, "tasks (independent) or leaves (tree)")->check(CLI::PositiveNumber);
  app.add_option("--graph", kind, "independent or tree")->check(CLI::IsMember({"independent", "tree"}));
  app.add_option("--task-seconds", config.task_seconds, "duration of every task");
  app.add_option("--result-bytes", config.result_bytes, "size of every result");
  app.add_option("--bandwidth", config.bandwidth, "bytes/s between workers");
  app.add_option("--latency", config.latency, "seconds per message");
  CLI11_PARSE(app, argc, argv);

  try {
    std::vector<dtask::Key> outputs;
    dtask::Graph graph = make_graph(kind, tasks, outputs);
    dtask::Plan plan = dtask::optimize(graph, outputs);
    auto start = std::chrono::steady_clock::now();
    dtask::sched::SimulationResult r = dtask::sched::simulate(plan, config);
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "tasks: " << r.tasks << "\n"
              << "workers: " << config.workers << " x " << config.threads << " threads\n"
              << "scheduler_us_per_task: " << r.scheduler_seconds * 1e6 / static_cast<double>(r.tasks) << "\n"
              << "simulation_wall_seconds: " << wall << "\n"
              << "makespan_seconds: " << r.makespan << "\n"
              << "ideal_seconds: " << r.ideal << "\n"
              << "bytes_moved: " << r.bytes_moved << "\n"
              << "steals: " << r.steals << "\n"
              << "result: " << r.makespan / r.ideal << std::endl;
  } catch (const dtask::Error& e) {
    std::cerr << "simulate: " << e.what() << "\n";
    return 1;
  }
}
