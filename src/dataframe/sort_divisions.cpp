#include "sort_divisions.hpp"

#include <algorithm>

#include <dtask/core/function.hpp>

#include <numeric>

#include "sort_kernel.hpp"

namespace dtask::dataframe {

namespace {

// Up to `samples` evenly spaced present values of a partition's column in ascending order,
// each weighing the number of present rows it stands for.
Table sort_sample(const Table& table, const std::string& column, std::int64_t samples) {
  const std::size_t position = table.position(column);
  const std::vector<std::uint32_t> order = sorted_order(table, {&position, 1}, true);
  const Column& values = table.column(position);
  std::size_t present = 0;
  while (present < order.size() && !sorts_as_missing(values, order[present])) ++present;
  const std::size_t picked = std::min(present, static_cast<std::size_t>(samples));
  std::vector<std::uint32_t> rows(picked);
  for (std::size_t k = 0; k < picked; ++k) rows[k] = order[(2 * k + 1) * present / (2 * picked)];
  Table out;
  out.add_column("value", values.take(rows));
  out.add_column("weight", Column::of(std::vector<double>(
                               picked, picked ? static_cast<double>(present) / picked : 0)));
  return out;
}

const Function& sample_function = register_function("dataframe.sort_sample", &sort_sample);

}  // namespace

Column sort_divisions(const DataFrame& frame, const std::string& column, std::int64_t npartitions,
                      bool ascending) {
  const ColumnType type = frame.meta().type_of(column);
  if (npartitions <= 1) return Column(type);
  const std::int64_t samples = std::min<std::int64_t>(10000, 32 * npartitions);
  const DataFrame sampled =
      make_frame("sort_sample", Schema{{"value", "weight"}, {type, ColumnType::float64}, 0},
                 frame.npartitions(), {frame}, [&](std::int64_t i) {
                   return Task(sample_function, {frame.key(i), Value(column), Value(samples)});
                 });
  const Table sample = sampled.compute();
  const std::size_t value_position = 0;
  const std::vector<std::uint32_t> order = sorted_order(sample, {&value_position, 1}, ascending);
  const Column& values = sample.column(value_position);
  const auto weights = sample.column("weight").float64s();
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  // Division q: the first sampled value whose cumulative weight reaches q / npartitions.
  std::vector<std::uint32_t> rows;
  double cumulative = 0;
  std::size_t k = 0;
  for (std::int64_t q = 1; q < npartitions && !order.empty(); ++q) {
    const double target = total * static_cast<double>(q) / static_cast<double>(npartitions);
    while (k + 1 < order.size() && cumulative + weights[order[k]] < target)
      cumulative += weights[order[k++]];
    rows.push_back(order[k]);
  }
  return values.take(rows);
}

std::size_t range_partition(const Column& divisions, const Column& column, std::size_t i,
                            bool ascending, std::size_t npartitions) {
  if (sorts_as_missing(column, i)) return npartitions - 1;
  // The number of divisions at or before the value.
  std::size_t lo = 0, hi = divisions.size();
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (compare_rows(divisions, mid, column, i, ascending) <= 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

}  // namespace dtask::dataframe
