#include "quantile_summary.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "series_kernels.hpp"

namespace dtask::dataframe::detail {

QuantileSummary summarize(const Column& c, std::size_t points) {
  const Numbers<double> numbers(c);
  std::vector<double> sorted;
  sorted.reserve(c.size());
  const auto values = numbers.span();
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (c.is_valid(i) && !std::isnan(values[i])) sorted.push_back(values[i]);
  }
  std::sort(sorted.begin(), sorted.end());
  QuantileSummary s;
  const std::size_t n = sorted.size();
  if (n <= points) {
    s.values = std::move(sorted);
    s.weights.assign(n, 1);
    return s;
  }
  s.values.reserve(points);
  s.weights.reserve(points);
  std::size_t previous = 0;
  for (std::size_t j = 0; j < points; ++j) {
    const std::size_t p = j * (n - 1) / (points - 1);
    s.values.push_back(sorted[p]);
    s.weights.push_back(j == 0 ? 1 : static_cast<std::int64_t>(p - previous));
    previous = p;
  }
  return s;
}

double quantile(std::span<const QuantileSummary> parts, double q) {
  std::vector<std::pair<double, std::int64_t>> points;
  for (const QuantileSummary& s : parts) {
    for (std::size_t i = 0; i < s.values.size(); ++i) points.emplace_back(s.values[i], s.weights[i]);
  }
  if (points.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
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
  return fraction >= 0.5 ? at_above - difference * (1 - fraction) : at_below + difference * fraction;
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
