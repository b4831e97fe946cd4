// The groupby kernels on one thread, as the seed's groupby("reviewerID")["overall"].mean() runs
// them on each of 2 workers: the partial aggregation of 2.5M rows with about 500k distinct
// 14-character string keys, then the combine and finalize (sorted) of two such partials.
//
// Times are the best thread CPU time of --repeat runs.
//
//   groupby_kernel --rows 2500000 --groups 500000 --repeat 5 [--keys user | --keys reviewerID,year]
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "group_rows.hpp"
#include "groupby_aggregate.hpp"

namespace {

namespace dd = dtask::dataframe;

// reviewerID-like keys ("A" and 13 upper-case letters and digits), ratings 1..5, a user number
// per key (the int64 key) and a year 2000..2019 (with reviewerID, two keys).
dtask::Table reviews(std::size_t rows, std::size_t groups, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::vector<std::string> ids(groups);
  std::mt19937_64 id_rng(1);  // the same ids in both partitions
  for (std::string& id : ids) {
    id = "A";
    for (int i = 0; i < 13; ++i) id += alphabet[id_rng() % 36];
  }
  dtask::Column key(dtask::ColumnType::string), overall(dtask::ColumnType::float64);
  dtask::Column user(dtask::ColumnType::int64), year(dtask::ColumnType::int64);
  key.reserve(rows, rows * 14);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t id = rng() % groups;
    key.append_string(ids[id]);
    user.append_int64(static_cast<std::int64_t>(id * 7919 % 1000003));
    year.append_int64(static_cast<std::int64_t>(2000 + rng() % 20));
    overall.append_float64(static_cast<double>(1 + rng() % 5));
  }
  dtask::Table t;
  t.add_column("reviewerID", std::move(key));
  t.add_column("user", std::move(user));
  t.add_column("year", std::move(year));
  t.add_column("overall", std::move(overall));
  return t;
}

double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// The least CPU time of this thread over `repeat` runs: on a machine shared with other work,
// wall time also counts the time the thread waited for a core.
template <class F>
double best_seconds(int repeat, F&& f) {
  double best = 1e300;
  for (int i = 0; i < repeat; ++i) {
    const double start = thread_seconds();
    f();
    best = std::min(best, thread_seconds() - start);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("groupby kernels on one thread");
  std::size_t rows = 2500000, groups = 500000;
  int repeat = 5;
  std::string keys = "reviewerID";
  app.add_option("--rows", rows, "rows per partition");
  app.add_option("--keys", keys, "reviewerID (string), user (int64) or reviewerID,year (two)");
  app.add_option("--groups", groups, "distinct keys");
  app.add_option("--repeat", repeat, "runs; the best is reported");
  CLI11_PARSE(app, argc, argv);

  const dtask::Table a = reviews(rows, groups, 2), b = reviews(rows, groups, 3);
  std::vector<std::string> key_names;
  std::vector<std::size_t> key;
  for (std::size_t begin = 0; begin <= keys.size();) {
    const std::size_t end = std::min(keys.find(',', begin), keys.size());
    key_names.push_back(keys.substr(begin, end - begin));
    key.push_back(a.position(key_names.back()));
    begin = end + 1;
  }
  const dd::GroupPlan plan{key_names, {{"overall", dd::Agg::mean, "overall"}}, 1, true};

  std::size_t ngroups = 0;
  const double grouping = best_seconds(repeat, [&] { ngroups = dd::group_rows(a, key, dd::NullKeys::drop).size(); });
  dd::GroupPack pa, pb;
  const double partial = best_seconds(repeat, [&] { pa = dd::partial_aggregate(a, plan); });
  pb = dd::partial_aggregate(b, plan);
  const std::vector<dd::GroupPack> both = {pa, pb};
  dd::GroupPack combined;
  const double combine = best_seconds(repeat, [&] { combined = dd::combine_partials(both, plan); });
  dtask::Table result;
  const double finalize = best_seconds(repeat, [&] { result = dd::finalize_groups(combined, plan); });
  dd::GroupPlan unsorted = plan;
  unsorted.sort = false;
  const double finalize_unsorted = best_seconds(repeat, [&] { result = dd::finalize_groups(combined, unsorted); });

  const double partial_rows = static_cast<double>(rows);
  const double combined_rows = static_cast<double>(pa[0].rows() + pb[0].rows());
  std::printf("keys %s: rows %zu per partition, %zu groups in a partition, %zu after combining\n", keys.c_str(), rows,
              ngroups, result.rows());
  std::printf("group_rows        %8.2f ms  %6.2f ns/row\n", grouping * 1e3, grouping * 1e9 / partial_rows);
  std::printf("partial (mean)    %8.2f ms  %6.2f ns/row\n", partial * 1e3, partial * 1e9 / partial_rows);
  std::printf("combine of 2      %8.2f ms  %6.2f ns/input group\n", combine * 1e3, combine * 1e9 / combined_rows);
  std::printf("finalize, sorted  %8.2f ms  %6.2f ns/group\n", finalize * 1e3, finalize * 1e9 / static_cast<double>(result.rows()));
  std::printf("finalize, unsorted%8.2f ms  %6.2f ns/group\n", finalize_unsorted * 1e3,
              finalize_unsorted * 1e9 / static_cast<double>(result.rows()));
  std::printf("per worker: partial + combine + finalize = %.2f ms\n", (partial + combine + finalize) * 1e3);
  return 0;
}
