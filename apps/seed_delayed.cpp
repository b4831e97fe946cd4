// The seed's dask.delayed example in C++: inc, double and add over a list, then the sum.
//
//   ./seed_delayed                 # data [1, 2, 3, 4, 5]: result 45
//   ./seed_delayed --n 20000       # data 0..N-1: 3N + 1 tasks, result N^2 + 2N, with timing
//   ./seed_delayed --scheduler sync --dot graph.dot
//   mpirun -np 3 ./seed_delayed --n 20000 --threads 1   # rank 0 schedules, 2 workers
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iostream>
#include <numeric>

long inc(long x) { return x + 1; }
long double_(long x) { return x + 2; }
long add(long x, long y) { return x + y; }
long total_of(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
DTASK_FUNCTIONS(inc, double_, add, total_of);

// Runs on rank 0 (or the only process) once the runtime is up.
int run(int argc, char** argv) {
  CLI::App app{"The seed's delayed example: sum of inc(x) + double(x)"};
  long n = 0;
  std::string scheduler_name = "default", dot_path;
  app.add_option("--n", n, "run over 0..N-1 instead of [1, 2, 3, 4, 5], and time it")->check(CLI::NonNegativeNumber);
  app.add_option("--scheduler", scheduler_name, "default (threads, or the MPI workers under mpirun) or sync")
      ->check(CLI::IsMember({"default", "sync"}));
  app.add_option("--dot", dot_path, "write the task graph to this Graphviz file");
  CLI11_PARSE(app, argc, argv);

  dtask::sched::SyncScheduler sync;
  dtask::sched::Scheduler& scheduler = scheduler_name == "sync" ? sync : dtask::sched::default_scheduler();

  std::vector<long> data{1, 2, 3, 4, 5};
  if (n > 0) {
    data.resize(static_cast<std::size_t>(n));
    std::iota(data.begin(), data.end(), 0L);
  }

  auto start = std::chrono::steady_clock::now();
  std::vector<dtask::Delayed<long>> output;
  output.reserve(data.size());
  for (long x : data) {
    auto a = dtask::delayed(inc)(x);
    auto b = dtask::delayed(double_)(x);
    output.push_back(dtask::delayed(add)(a, b));
  }
  auto total = dtask::delayed(total_of)(output);  // nothing has run yet
  if (!dot_path.empty()) total.to_dot(dot_path);
  long result = total.compute(scheduler);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (n > 0) {
    std::size_t tasks = 3 * data.size() + 1;
    std::cout << "tasks: " << tasks << "\n"
              << "seconds: " << seconds << "\n"
              << "us_per_task: " << seconds * 1e6 / static_cast<double>(tasks) << "\n"
              << "tasks_per_second: " << static_cast<double>(tasks) / seconds << "\n";
  }
  std::cout << "result: " << result << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // takes --threads, --stats, ...; ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "seed_delayed: " << e.what() << "\n";
    return 1;
  }
}
