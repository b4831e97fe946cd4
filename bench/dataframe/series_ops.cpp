// Times Series kernels on a frame of N rows held in memory: arithmetic, comparisons of numbers
// and strings, a filter and reductions, each ending in a reduction so that no column travels
// to the caller. series_ops.py times pandas on the same rows.
//   series_ops --rows 10000000 --partitions 8
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>

#include <dtask/dataframe/series.hpp>
#include <dtask/dtask.hpp>

namespace dd = dtask::dataframe;

template <class F>
void time(const char* what, F f) {
  const auto start = std::chrono::steady_clock::now();
  const double result = f();
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  std::printf("%-28s %8.3f s   (%.6g)\n", what, seconds.count(), result);
}

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);
  CLI::App app("times Series kernels");
  std::int64_t rows = 10'000'000, partitions = 8;
  app.add_option("--rows", rows);
  app.add_option("--partitions", partitions);
  CLI11_PARSE(app, argc, argv);

  dtask::Column x(dtask::ColumnType::float64), k(dtask::ColumnType::int64),
      name(dtask::ColumnType::string);
  x.reserve(static_cast<std::size_t>(rows));
  k.reserve(static_cast<std::size_t>(rows));
  for (std::int64_t r = 0; r < rows; ++r) {
    x.append_float64(static_cast<double>(r * 7907 % 2003) * 0.25 - 250);
    k.append_int64(r % 1000);
    name.append_string("key" + std::to_string(r % 50));
  }
  dtask::Table t;
  t.add_column("x", std::move(x));
  t.add_column("k", std::move(k));
  t.add_column("name", std::move(name));
  const dd::DataFrame f = dd::from_table(t, partitions).persist();

  // Baselines: every computation starts by copying the persisted partitions (tables are values)
  // and f["x"] copies its column out of them.
  time("len(f)", [&] { return static_cast<double>(f.len()); });
  time("count(x)", [&] { return static_cast<double>(f["x"].count().compute()); });
  time("sum(x)", [&] { return f["x"].sum().compute(); });
  time("sum(x * 2 + k)", [&] { return (f["x"] * 2.0 + f["k"]).sum().compute(); });
  time("sum(x > 0)", [&] { return (f["x"] > 0).sum().compute(); });
  time("sum(name == 'key7')", [&] { return (f["name"] == "key7").sum().compute(); });
  time("len(f[(x > 0) & (k < 500)])",
       [&] { return static_cast<double>(f[(f["x"] > 0) & (f["k"] < 500)].len()); });
  time("var(x)", [&] { return f["x"].var().compute(); });
  time("describe()", [&] { return f.describe().compute().column("x").float64s()[5]; });
  return 0;
}
