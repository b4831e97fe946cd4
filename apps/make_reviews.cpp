// Writes an Amazon-like reviews CSV (reviewerID, asin, overall, unixReviewTime) and a products
// CSV (asin, title, category, price) for the dataframe examples and benchmarks
// (dtask::dataframe::datasets). The same --seed gives the same bytes.
//
//   ./make_reviews --rows 5000000 --reviews reviews.csv --products-csv products.csv
#include <CLI/CLI.hpp>
#include <dtask/core/error.hpp>
#include <dtask/dataframe/datasets.hpp>
#include <iostream>

namespace datasets = dtask::dataframe::datasets;

int main(int argc, char** argv) {
  CLI::App app{"Writes a reviews CSV and a products CSV"};
  datasets::ReviewsOptions options;
  std::string reviews = "reviews.csv";
  std::string products_csv;
  app.add_option("--rows", options.rows, "reviews to write")->check(CLI::NonNegativeNumber);
  app.add_option("--products", options.products, "distinct products")->check(CLI::PositiveNumber);
  app.add_option("--seed", options.seed, "random seed");
  app.add_option("--reviews", reviews, "reviews CSV to write");
  app.add_option("--products-csv", products_csv, "products CSV to write (none when empty)");
  CLI11_PARSE(app, argc, argv);
  try {
    datasets::write_reviews(reviews, options);
    if (!products_csv.empty()) datasets::write_products(products_csv, options);
  } catch (const dtask::Error& e) {
    std::cerr << "make_reviews: " << e.what() << "\n";
    return 1;
  }
  std::cout << "reviews: " << reviews << " (" << options.rows << " rows)\n";
  if (!products_csv.empty()) std::cout << "products: " << products_csv << " (" << options.products << " rows)\n";
  return 0;
}
