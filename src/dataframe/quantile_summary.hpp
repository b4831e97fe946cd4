// QuantileSummary: a bounded sketch of one partition's sorted values, from which describe()
// estimates quantiles (private to src/dataframe). A partition of n values keeps them all when
// n <= points; otherwise it keeps the values at sorted positions p_j = floor(j (n-1)/(points-1)),
// j = 0..points-1 (its min and max among them), point j weighing p_j - p_{j-1} rows.
//
// Merging all partitions' points by value and reading the weighted order statistics gives a
// data value whose rank is within E = sum over partitions of ceil((n_i - 1)/(points - 1)) of the
// exact rank (0 for partitions kept whole): with 1001 points, about 0.1% of the rows plus one
// row per partition. Quantiles interpolate linearly between ranks, as NumPy's default does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <dtask/core/column.hpp>

namespace dtask::dataframe::detail {

inline constexpr std::size_t summary_points = 1001;

struct QuantileSummary {
  std::vector<double> values;         // ascending
  std::vector<std::int64_t> weights;  // rows each value stands for

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar& values& weights;
  }
};

// The summary of a column's valid, non-NaN values (int64, float64 or bool).
QuantileSummary summarize(const Column& c, std::size_t points = summary_points);

// The q-quantile (0 <= q <= 1) of the rows the parts summarise; NaN when they hold none.
double quantile(std::span<const QuantileSummary> parts, double q);

// The rank bound E above for parts of these row counts.
std::int64_t rank_error_bound(std::span<const std::int64_t> counts,
                              std::size_t points = summary_points);

}  // namespace dtask::dataframe::detail

template <>
struct dtask::SizeOf<dtask::dataframe::detail::QuantileSummary> {
  static std::size_t of(const dtask::dataframe::detail::QuantileSummary& s) {
    return sizeof(s) + s.values.size() * (sizeof(double) + sizeof(std::int64_t));
  }
};
