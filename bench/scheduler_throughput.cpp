// Scheduler throughput: 100,000 independent no-op tasks, or a tree reduction over 100,000
// leaves, through whatever scheduler the runtime sets up (threads, or MPI workers).
//
//   mpirun -np 3 build/bench/scheduler_throughput --kind independent --tasks 100000 --threads 1
//   mpirun -np 3 build/bench/scheduler_throughput --kind tree --tasks 100000 --threads 1
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iostream>

long noop(long x) { return x; }
long combine(const std::vector<long>& xs) {
  long total = 0;
  for (long x : xs) total += x;
  return total;
}
DTASK_FUNCTIONS(noop, combine);

namespace {

// leaves, then levels combining split_every keys each, down to one key.
dtask::Graph tree(long leaves, int split_every, dtask::Key& top) {
  dtask::Layer::Tasks tasks;
  std::vector<dtask::Key> level;
  for (long i = 0; i < leaves; ++i) {
    level.emplace_back("leaf", dtask::Key::Index{static_cast<std::int32_t>(i)});
    tasks.emplace_back(level.back(), dtask::Task("noop", {dtask::Value(i)}));
  }
  for (int depth = 0; level.size() > 1; ++depth) {
    std::vector<dtask::Key> next;
    for (std::size_t i = 0; i < level.size(); i += split_every) {
      dtask::KeyList group(level.begin() + i, level.begin() + std::min(level.size(), i + split_every));
      next.emplace_back("combine-" + std::to_string(depth), dtask::Key::Index{static_cast<std::int32_t>(next.size())});
      tasks.emplace_back(next.back(), dtask::Task("combine", {std::move(group)}));
    }
    level = std::move(next);
  }
  top = level.front();
  return dtask::Graph(std::make_shared<dtask::Layer>("tree", std::move(tasks)));
}

// n independent no-ops, all requested.
dtask::Graph independent(long n, std::vector<dtask::Key>& keys) {
  dtask::Layer::Tasks tasks;
  for (long i = 0; i < n; ++i) {
    keys.emplace_back("noop", dtask::Key::Index{static_cast<std::int32_t>(i)});
    tasks.emplace_back(keys.back(), dtask::Task("noop", {dtask::Value(i)}));
  }
  return dtask::Graph(std::make_shared<dtask::Layer>("independent", std::move(tasks)));
}

}  // namespace

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  CLI::App app{"Scheduler throughput on no-op tasks"};
  std::string graph_kind = "independent";
  long n = 100000;
  app.add_option("--kind", graph_kind, "independent or tree")->check(CLI::IsMember({"independent", "tree"}));
  app.add_option("--tasks", n, "independent tasks, or leaves of the tree");
  CLI11_PARSE(app, argc, argv);

  std::vector<dtask::Key> keys;
  dtask::Key top;
  dtask::Graph graph = graph_kind == "tree" ? tree(n, 4, top) : independent(n, keys);
  if (graph_kind == "tree") keys = {top};
  const std::size_t tasks = graph.size();

  auto start = std::chrono::steady_clock::now();
  auto values = dtask::sched::default_scheduler().get(graph, keys);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  long check = 0;
  for (const auto& v : values) check += v.get<long>();

  std::cout << "ranks: " << rt.size() << "\n"
            << "tasks: " << tasks << "\n"
            << "seconds: " << seconds << "\n"
            << "tasks_per_second: " << static_cast<double>(tasks) / seconds << "\n"
            << "result: " << check << std::endl;
  return check == n * (n - 1) / 2 ? 0 : 1;
}
