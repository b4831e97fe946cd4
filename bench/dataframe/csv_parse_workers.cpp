// The whole parse of a CSV on the workers: read_csv's plan on rank 0, then every partition
// parsed where its task runs, each sending back only its count of bad rows (count_bad_rows), so
// that the time is the parse's and not the transfer of the tables. Best of --repeats.
//
//   mpirun -np 3 ./csv_parse_workers --csv reviews.csv --columns reviewerID,overall --threads 1
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <dtask/dataframe/read_csv.hpp>
#include <dtask/mpi/runtime.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace dd = dtask::dataframe;

int run(int argc, char** argv) {
  CLI::App app{"CSV parse on the workers"};
  std::string path = "reviews.csv";
  std::vector<std::string> columns;
  int repeats = 3;
  app.add_option("--csv", path, "CSV file");
  app.add_option("--columns", columns, "the columns to parse (all when empty)")->delimiter(',');
  app.add_option("--repeats", repeats, "best of");
  CLI11_PARSE(app, argc, argv);
  const double mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    const std::int64_t bad = dd::count_bad_rows(path, {.usecols = columns});
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (bad != 0) std::cout << "bad rows: " << bad << "\n";
  }
  std::cout << std::fixed << std::setprecision(3) << "parallelism "
            << dtask::sched::default_scheduler().parallelism() << ", "
            << dd::read_csv(path, {.usecols = columns}).npartitions() << " partitions: " << mb
            << " MB in " << best << " s (" << std::setprecision(0) << mb / best << " MB/s)"
            << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "csv_parse_workers: " << e.what() << "\n";
    return 1;
  }
}
