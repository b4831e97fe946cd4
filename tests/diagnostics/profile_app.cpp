// A tree of sums over vectors made on different workers (so inputs move between workers),
// for the diagnostics tests: writes the profile as CSV and JSON after its one compute().
//
//   mpirun -np 3 profile_app --threads 1 --leaves 64 --csv p.csv --json p.json --stats s.json
//   profile_app --leaves 20 --sleep-ms 100     # long enough for the progress bar
//   profile_app --leaves 8 --fail --json p.json  # the last leaf throws: compute() fails
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/diagnostics/profile.hpp>
#include <dtask/dtask.hpp>
#include <iostream>
#include <thread>

std::vector<double> leaf(long n, long sleep_ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(sleep_ms));
  return std::vector<double>(static_cast<std::size_t>(n), 1.0);
}
std::vector<double> failing_leaf(long, long) { throw std::runtime_error("this leaf fails"); }
std::vector<double> sum(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> out(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out[i] = a[i] + b[i];
  return out;
}
double first(const std::vector<double>& a) { return a.empty() ? 0 : a.front(); }
DTASK_FUNCTIONS(leaf, failing_leaf, sum, first);

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  CLI::App app{"A tree of vector sums, profiled"};
  long leaves = 64, length = 10000, sleep_ms = 0;
  std::string csv, json;
  app.add_option("--leaves", leaves)->check(CLI::PositiveNumber);
  app.add_option("--length", length)->check(CLI::NonNegativeNumber);
  app.add_option("--sleep-ms", sleep_ms, "each leaf sleeps this long")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--csv", csv, "write the profile's tasks (and transfers) as CSV");
  app.add_option("--json", json, "write the profile as JSON");
  bool fail = false;
  app.add_flag("--fail", fail, "the last leaf throws; the profile is written all the same");
  CLI11_PARSE(app, argc, argv);
  if (!csv.empty() || !json.empty()) dtask::diagnostics::set_profiling(true);

  std::vector<dtask::Delayed<std::vector<double>>> level;
  for (long i = 0; i < leaves; ++i)
    level.push_back(dtask::delayed(fail && i == leaves - 1 ? failing_leaf : leaf)(length, sleep_ms));
  while (level.size() > 1) {
    std::vector<dtask::Delayed<std::vector<double>>> next;
    for (std::size_t i = 0; i + 1 < level.size(); i += 2)
      next.push_back(dtask::delayed(sum)(level[i], level[i + 1]));
    if (level.size() % 2) next.push_back(level.back());
    level = std::move(next);
  }
  try {
    std::cout << "result: " << dtask::delayed(first)(level.front()).compute() << std::endl;
  } catch (const dtask::TaskError& e) {
    std::cout << "failed: " << e.what() << std::endl;
  }

  const auto profile = dtask::diagnostics::profile();
  if (!csv.empty()) profile.to_csv(csv);
  if (!json.empty()) profile.to_json(json);
}
