// How much CPU rank 0 (client and scheduler) uses while the workers run long tasks: the
// scheduler must not busy-wait. One task per worker sleeps --seconds; prints rank 0's CPU time
// over the wall time.
//
//   mpirun -np 3 build/bench/rank0_idle_cpu --seconds 3
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iostream>
#include <thread>

long nap(long seconds) {
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  return seconds;
}
long total_of(const std::vector<long>& xs) {
  long t = 0;
  for (long x : xs) t += x;
  return t;
}
DTASK_FUNCTIONS(nap, total_of);

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  CLI::App app{"Rank 0's CPU use while workers run long tasks"};
  long seconds = 3;
  app.add_option("--seconds", seconds, "how long each task sleeps");
  CLI11_PARSE(app, argc, argv);

  std::vector<dtask::Delayed<long>> naps;
  for (int w = 0; w < std::max(1, rt.workers()); ++w) naps.push_back(dtask::delayed(nap)(seconds));
  const double cpu_before = cpu_seconds();
  const auto start = std::chrono::steady_clock::now();
  long result = dtask::delayed(total_of)(naps).compute();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "rank0_cpu_fraction: " << (cpu_seconds() - cpu_before) / wall << "\n"
            << "result: " << result << std::endl;
}
