// Single-thread timing of the local sort of sort_values (stable, missing last) on 2,500,000
// rows: an int64 column, a float64 column and a string id column, best of --repeat runs.
//   sort_kernel --rows 2500000
#include "dataframe/sort_kernel.hpp"

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdio>
#include <random>

int main(int argc, char** argv) {
  CLI::App app("sort kernel timing");
  std::size_t rows = 2500000;
  int repeat = 3;
  app.add_option("--rows", rows, "rows");
  app.add_option("--repeat", repeat, "runs; the best is reported");
  CLI11_PARSE(app, argc, argv);

  std::mt19937_64 rng(7);
  dtask::Column ints(dtask::ColumnType::int64), floats(dtask::ColumnType::float64),
      ids(dtask::ColumnType::string);
  for (std::size_t r = 0; r < rows; ++r) {
    ints.append_int64(static_cast<std::int64_t>(rng() % 100000000));
    floats.append_float64(static_cast<double>(rng() % 5) + 1);
    ids.append_string("A" + std::to_string(100000000000ULL + rng() % 1000000));
  }
  dtask::Table t;
  t.add_column("unixReviewTime", std::move(ints));
  t.add_column("overall", std::move(floats));
  t.add_column("reviewerID", std::move(ids));
  for (std::size_t c = 0; c < t.width(); ++c) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
      const auto start = std::chrono::steady_clock::now();
      const auto order = dtask::dataframe::sorted_order(t, {&c, 1}, true);
      best = std::min(
          best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      if (order.size() != rows) return 1;
    }
    std::printf("%-15s %s: %.1f ms, %.1f ns/row\n", t.names()[c].c_str(),
                std::string(to_string(t.column(c).type())).c_str(), best * 1e3,
                best * 1e9 / static_cast<double>(rows));
  }
  return 0;
}
