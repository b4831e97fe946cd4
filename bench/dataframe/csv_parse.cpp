// Parse throughput of the CSV reader on one thread: a file (make_reviews writes one) cut into
// --parts byte ranges, each parsed as a read_csv task would, for all columns and for a
// projection. Prints MB/s per core for each, of the best wall time and of the best CPU time of
// the thread (the latter is steadier on a shared machine). With --batch-rows N the ranges are
// read by CsvRangeReader, N rows at a time into a batch reused per range, as a streaming groupby
// would read them.
//
//   ./make_reviews --reviews reviews.csv && ./csv_parse --csv reviews.csv --columns
//   reviewerID,overall --batch-rows 16384
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <dtask/dataframe/read_csv.hpp>
#include <iomanip>
#include <iostream>
#include <utility>

#include "../../src/io/csv_read.hpp"

namespace {

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

// The rows of the range, whole (batch_rows 0) or in batches of batch_rows.
std::size_t parse_range(const std::string& path, std::int64_t begin, std::int64_t end,
                        const dtask::io::CsvReadSpec& spec, std::size_t batch_rows) {
  if (batch_rows == 0) return dtask::io::read_csv_range(path, begin, end, spec).table.rows();
  dtask::io::CsvRangeReader reader(path, begin, end, spec);
  std::vector<dtask::Column> batch;
  std::size_t rows = 0;
  while (const std::size_t got = reader.next(batch, batch_rows)) rows += got;
  return rows;
}

// The best of `repeats` runs of parsing every range with these columns: wall and CPU seconds.
std::pair<double, double> best_parse_seconds(const std::string& path,
                                             const dtask::io::CsvLayout& layout,
                                             const std::vector<std::string>& columns,
                                             std::int64_t parts, std::size_t batch_rows,
                                             int repeats, std::size_t& rows) {
  dtask::io::CsvReadSpec spec;
  spec.field_count = static_cast<std::int32_t>(layout.names.size());
  for (const std::string& name : columns) {
    const auto field =
        std::find(layout.names.begin(), layout.names.end(), name) - layout.names.begin();
    spec.columns.push_back(
        {name, static_cast<std::int32_t>(field), layout.types.at(static_cast<std::size_t>(field))});
  }
  double wall = 1e300, cpu = 1e300;
  for (int r = 0; r < repeats; ++r) {
    rows = 0;
    const auto start = std::chrono::steady_clock::now();
    const double cpu_start = thread_cpu_seconds();
    for (std::int64_t i = 0; i < parts; ++i) {
      rows += parse_range(path, layout.size * i / parts, layout.size * (i + 1) / parts, spec,
                          batch_rows);
    }
    cpu = std::min(cpu, thread_cpu_seconds() - cpu_start);
    wall = std::min(
        wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return {wall, cpu};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"CSV parse throughput, one thread"};
  std::string path = "reviews.csv";
  std::vector<std::string> projection{"reviewerID", "overall"};
  std::int64_t parts = 2;
  std::size_t batch_rows = 0;
  int repeats = 3;
  app.add_option("--csv", path, "CSV file");
  app.add_option("--columns", projection, "the projection")->delimiter(',');
  app.add_option("--parts", parts, "byte ranges (partitions)");
  app.add_option("--batch-rows", batch_rows, "rows per batch (CsvRangeReader); 0: whole ranges");
  app.add_option("--repeats", repeats, "best of");
  CLI11_PARSE(app, argc, argv);
  try {
    const dtask::io::CsvLayout layout = dtask::io::inspect_csv(path, {}, true, 256 * 1024);
    const double mb = static_cast<double>(layout.size) / 1e6;
    for (const auto& columns : {layout.names, projection}) {
      std::size_t rows = 0;
      const auto [wall, cpu] =
          best_parse_seconds(path, layout, columns, parts, batch_rows, repeats, rows);
      std::string list;
      for (const auto& c : columns) list += (list.empty() ? "" : ",") + c;
      if (batch_rows > 0) std::cout << "batches of " << batch_rows << ", ";
      std::cout << std::fixed << std::setprecision(3) << "columns " << list << ": " << rows
                << " rows, " << mb << " MB in " << wall << " s (" << std::setprecision(0)
                << mb / wall << " MB/s), " << std::setprecision(3) << cpu << " s of CPU ("
                << std::setprecision(0) << mb / cpu << " MB/s)\n";
    }
  } catch (const dtask::Error& e) {
    std::cerr << "csv_parse: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
