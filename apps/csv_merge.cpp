// Reviews joined with products, then grouped by a products column: the merge + groupby that
// pandas users know and Dask names as its weak point.
//   reviews.merge(products, on="asin").groupby("category")["overall"].mean()
// The products side (one partition) is broadcast to every partition of the reviews, worker to
// worker; each worker joins and aggregates its own part. Only the columns the groupby reads and
// the merge's keys are parsed: the groupby's projection reaches both read_csv calls.
//
//   ./csv_merge --reviews reviews.csv --products products.csv
//   mpirun -np 3 ./csv_merge --reviews reviews.csv --products products.csv --threads 1
//
// Prints the categories' mean scores, the time, and `result: ` with the sum of the means.
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>

namespace dd = dtask::dataframe;

int run(int argc, char** argv) {
  CLI::App app{"Mean review score per product category: reviews merged with products on asin"};
  std::string reviews_csv, products_csv, by = "category";
  app.add_option("--reviews", reviews_csv, "reviews CSV (reviewerID, asin, overall, unixReviewTime)")->required();
  app.add_option("--products", products_csv, "products CSV (asin and the --by column)")->required();
  app.add_option("--by", by, "the products column to group by");
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  const auto reviews = dd::read_csv(reviews_csv);
  const auto products = dd::read_csv(products_csv);
  const auto means = reviews.merge(products, {.on = {"asin"}}).groupby(by)["overall"].mean();
  const dtask::Table result = means.compute();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  double total = 0;
  for (double m : result.column("overall").float64s()) total += m;
  std::cout << result.to_string(10) << "seconds: " << seconds << "\n"
            << "result: " << std::setprecision(15) << total << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "csv_merge: " << e.what() << "\n";
    return 1;
  }
}
