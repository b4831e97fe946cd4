// Single-thread timing of merge's hash-join kernel on the shape: a reviews partition
// (reviewerID, asin, overall, unixReviewTime) joined with a products table on asin, as each
// worker does in the broadcast plan. Prints ns per probe row for the match step alone and for
// the whole join (gathering every output column), best of --repeat runs.
//   merge_kernel --rows 2500000 --products 50000
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>

#include "dataframe/hash_join.hpp"
#include "dataframe/merge_spec.hpp"

namespace dd = dtask::dataframe;

namespace {

std::string asin_of(std::uint64_t i) {
  char text[16];
  std::snprintf(text, sizeof text, "B%09llu", static_cast<unsigned long long>(i));
  return text;
}

template <class F>
double best_seconds(int repeat, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const auto start = std::chrono::steady_clock::now();
    f();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("merge kernel timing");
  std::size_t rows = 2500000, products = 50000;
  int repeat = 5;
  app.add_option("--rows", rows, "reviews rows (the probe side)");
  app.add_option("--products", products, "products rows (the build side)");
  app.add_option("--repeat", repeat, "runs; the best is reported");
  CLI11_PARSE(app, argc, argv);

  std::mt19937_64 rng(42);
  dtask::Column reviewer(dtask::ColumnType::string), asin(dtask::ColumnType::string);
  dtask::Column overall(dtask::ColumnType::float64), time(dtask::ColumnType::int64);
  reviewer.reserve(rows, rows * 14);
  asin.reserve(rows, rows * 10);
  for (std::size_t r = 0; r < rows; ++r) {
    reviewer.append_string("A" + std::to_string(100000000000ULL + rng() % 1000000));
    asin.append_string(asin_of(rng() % products));
    overall.append_float64(static_cast<double>(1 + rng() % 5));
    time.append_int64(static_cast<std::int64_t>(1300000000 + rng() % 100000000));
  }
  dtask::Table reviews;
  reviews.add_column("reviewerID", std::move(reviewer));
  reviews.add_column("asin", std::move(asin));
  reviews.add_column("overall", std::move(overall));
  reviews.add_column("unixReviewTime", std::move(time));
  dtask::Column pasin(dtask::ColumnType::string), category(dtask::ColumnType::string),
      price(dtask::ColumnType::float64);
  for (std::size_t p = 0; p < products; ++p) {
    pasin.append_string(asin_of(p));
    category.append_string("category" + std::to_string(p % 40));
    price.append_float64(static_cast<double>(p % 1000) * 0.25);
  }
  dtask::Table catalogue;
  catalogue.add_column("asin", std::move(pasin));
  catalogue.add_column("category", std::move(category));
  catalogue.add_column("price", std::move(price));

  dd::MergeOptions options;
  options.on = {"asin"};
  const dd::ResolvedMerge all = dd::resolve_merge(reviews.schema(), catalogue.schema(), options);
  const std::vector<std::string> few = {"asin", "overall"};
  const dtask::Table narrow = reviews.select(few);
  const dd::ResolvedMerge two = dd::resolve_merge(
      narrow.schema(), catalogue.select(std::vector<std::string>{"asin", "category"}).schema(),
      options);
  const dtask::Table narrow_products =
      catalogue.select(std::vector<std::string>{"asin", "category"});

  std::size_t out_rows = 0;
  const double match = best_seconds(repeat, [&] {
    out_rows = dd::join_rows(reviews, catalogue, all.spec, dd::BuildSide::right).size(reviews.rows(), catalogue.rows());
  });
  const double whole = best_seconds(repeat, [&] {
    out_rows = dd::hash_join(reviews, catalogue, all.spec, dd::BuildSide::right).rows();
  });
  const double selected = best_seconds(repeat, [&] {
    out_rows = dd::hash_join(narrow, narrow_products, two.spec, dd::BuildSide::right).rows();
  });
  const double n = static_cast<double>(rows);
  std::printf("rows %zu products %zu output %zu\n", rows, products, out_rows);
  std::printf("match (hash, build, probe): %.1f ms, %.1f ns/row\n", match * 1e3, match * 1e9 / n);
  std::printf("join, 4 + 2 columns out:    %.1f ms, %.1f ns/row\n", whole * 1e3, whole * 1e9 / n);
  std::printf("join, asin overall category: %.1f ms, %.1f ns/row\n", selected * 1e3,
              selected * 1e9 / n);
  return 0;
}
