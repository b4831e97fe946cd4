// The seed's dataframe example in C++:
//   data = dd.read_csv('sample_data.csv')
//   data.groupby(data['reviewerID'])['overall'].mean()
// Each partition of the file (a byte range) is parsed by the worker that runs it, reading only
// the two columns the groupby needs; partial means per reviewer are split by reviewer over the
// compute threads and meet in one tree per part.
//
//   ./seed_groupby                                   # sample_data.csv, written here if missing
//   ./seed_groupby --csv reviews.csv
//   mpirun -np 3 ./seed_groupby --csv reviews.csv --threads 1
//
// Prints the number of groups, the first rows, the time, and `result: ` with the sum of the means.
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>

namespace dd = dtask::dataframe;

int run(int argc, char** argv) {
  CLI::App app{"The seed's groupby: the mean of overall per reviewerID of a reviews CSV"};
  std::string csv = "sample_data.csv";
  std::int64_t rows = 1'000'000;
  const CLI::Option* given = app.add_option("--csv", csv, "reviews CSV (reviewerID, asin, overall, unixReviewTime)");
  app.add_option("--rows", rows, "rows of sample_data.csv when it is written");
  CLI11_PARSE(app, argc, argv);
  // As the seed: without --csv, sample_data.csv here, written first when missing.
  if (given->count() == 0 && !std::filesystem::exists(csv)) {
    dd::datasets::write_reviews(csv, {.rows = rows});
    std::cout << "wrote " << csv << " (" << rows << " rows)\n";
  }

  const auto start = std::chrono::steady_clock::now();
  auto data = dd::read_csv(csv);
  // Many groups (about one per ten rows): split the combine over every compute thread, as
  // Dask's split_out, instead of finishing it on one.
  const dd::GroupByOptions many_groups{.split_out = static_cast<int>(dtask::sched::default_scheduler().parallelism())};
  auto means = data.groupby("reviewerID").with_options(many_groups)["overall"].mean();
  const dtask::Table result = means.compute();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  double total = 0;
  for (double m : result.column("overall").float64s()) total += m;
  std::cout << "groups: " << result.rows() << "\n"
            << result.head(5) << "seconds: " << seconds << "\n"
            << "result: " << std::setprecision(15) << total << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "seed_groupby: " << e.what() << "\n";
    return 1;
  }
}
