#include "quantile_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>


namespace dtask::dataframe::detail {

namespace {

// Puts the values at the sorted positions `positions` (ascending) in place, as a full sort
// would, in O(n log k) for k positions instead of O(n log n): select the middle one, then
// recurse on either side.
void select_positions(std::vector<double>::iterator begin, std::vector<double>::iterator end,
                      std::span<const std::size_t> positions, std::size_t first) {
  if (positions.empty() || begin == end) return;
  const std::size_t middle = positions.size() / 2;
  const auto nth = begin + static_cast<std::ptrdiff_t>(positions[middle] - first);
  std::nth_element(begin, nth, end);
  select_positions(begin, nth, positions.first(middle), first);
  select_positions(nth + 1, end, positions.subspan(middle + 1), positions[middle] + 1);
}

}  // namespace

QuantileSummary summarize(const Column& c, std::size_t points) {
  std::vector<double> sorted;
  sorted.reserve(c.size());
  const auto gather = [&](auto values) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      const auto x = static_cast<double>(values[i]);
      if (c.is_valid(i) && !std::isnan(x)) sorted.push_back(x);
    }
  };
  switch (c.type()) {
    case ColumnType::int64: gather(c.int64s()); break;
    case ColumnType::float64: gather(c.float64s()); break;
    case ColumnType::boolean: gather(c.bools()); break;
    case ColumnType::string: DTASK_THROW(TypeError, "a string column has no quantiles");
  }
  QuantileSummary s;
  const std::size_t n = sorted.size();
  if (n <= points) {
    std::sort(sorted.begin(), sorted.end());
    s.values = std::move(sorted);
    s.weights.assign(n, 1);
    return s;
  }
  std::vector<std::size_t> positions(points);
  for (std::size_t j = 0; j < points; ++j) positions[j] = j * (n - 1) / (points - 1);
  select_positions(sorted.begin(), sorted.end(), positions, 0);
  s.values.reserve(points);
  s.weights.reserve(points);
  for (std::size_t j = 0; j < points; ++j) {
    s.values.push_back(sorted[positions[j]]);
    s.weights.push_back(j == 0 ? 1 : static_cast<std::int64_t>(positions[j] - positions[j - 1]));
  }
  return s;
}

double quantile(std::span<const QuantileSummary> parts, double q) {
  std::vector<std::pair<double, std::int64_t>> points;
  for (const QuantileSummary& s : parts) {
    for (std::size_t i = 0; i < s.values.size(); ++i)
      points.emplace_back(s.values[i], s.weights[i]);
  }
  if (points.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::stable_sort(points.begin(), points.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::int64_t total = 0;
  for (const auto& p : points) total += p.second;
  const double position = q * static_cast<double>(total - 1);
  const auto below = static_cast<std::int64_t>(std::floor(position));
  const double fraction = position - static_cast<double>(below);
  // The values at ranks below and below + 1 (0-based) of the weighted sequence.
  double at_below = points.back().first, at_above = points.back().first;
  std::int64_t seen = 0;
  bool found_below = false;
  for (const auto& [value, weight] : points) {
    seen += weight;
    if (!found_below && below < seen) {
      at_below = value;
      found_below = true;
    }
    if (below + 1 < seen) {
      at_above = value;
      break;
    }
  }
  // NumPy's lerp: from the nearer end, so that fraction 1 gives at_above exactly.
  const double difference = at_above - at_below;
  return fraction >= 0.5 ? at_above - difference * (1 - fraction)
                         : at_below + difference * fraction;
}

std::int64_t rank_error_bound(std::span<const std::int64_t> counts, std::size_t points) {
  std::int64_t bound = 0;
  const auto gaps = static_cast<std::int64_t>(points - 1);
  for (std::int64_t n : counts) {
    if (n > static_cast<std::int64_t>(points)) bound += (n - 1 + gaps - 1) / gaps;
  }
  return bound;
}

}  // namespace dtask::dataframe::detail
