// Sample inputs for examples, tests and benchmarks, as dask.datasets: an Amazon-like reviews CSV
// (reviewerID, asin, overall, unixReviewTime, like the seed's sample_data.csv) and a products
// CSV (asin, title, category, price) whose asins are the reviews'. Reviewers are about rows / 10,
// drawn with a skew (a few write many reviews); titles hold commas and quotes and some prices are
// missing, so that quoting and missing values get exercised. The same seed gives the same bytes.
//
//   dd::datasets::write_reviews("reviews.csv", {.rows = 1'000'000});
//   dd::datasets::write_products("products.csv");
#pragma once

#include <cstdint>
#include <string>

namespace dtask::dataframe::datasets {

struct ReviewsOptions {
  std::int64_t rows = 5'000'000;  // about 41 bytes each
  std::int64_t products = 50'000;
  std::uint64_t seed = 42;
};

// Both throw IoError when the file cannot be written.
void write_reviews(const std::string& path, const ReviewsOptions& options = {});
void write_products(const std::string& path, const ReviewsOptions& options = {});

}  // namespace dtask::dataframe::datasets
