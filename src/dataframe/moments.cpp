#include "moments.hpp"

#include <algorithm>
#include <cmath>

namespace dtask::dataframe::detail {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

template <class T>
Moments moments_of(std::span<const T> values, const std::vector<std::uint8_t>& valid,
                   bool second_order) {
  Moments m;
  const auto counted = [&](std::size_t i) {
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(values[i])) return false;
    }
    return valid.empty() || valid[i] != 0;
  };
  // Integers sum exactly in int64 (wrapping as NumPy's sum does), so a partition's sum is exact
  // up to 2^63 rather than 2^53.
  std::uint64_t integer_sum = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!counted(i)) continue;
    const auto x = static_cast<double>(values[i]);
    ++m.count;
    if constexpr (std::is_floating_point_v<T>)
      m.sum += x;
    else
      integer_sum += static_cast<std::uint64_t>(values[i]);
    m.min = std::min(m.min, x);
    m.max = std::max(m.max, x);
  }
  if constexpr (!std::is_floating_point_v<T>)
    m.sum = static_cast<double>(static_cast<std::int64_t>(integer_sum));
  if (m.count == 0) return m;
  m.mean = m.sum / static_cast<double>(m.count);
  if (second_order) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!counted(i)) continue;
      const double d = static_cast<double>(values[i]) - m.mean;
      m.m2 += d * d;
    }
  }
  return m;
}

Moments combine_two(const Moments& a, const Moments& b) {
  if (b.count == 0) return a;
  if (a.count == 0) return b;
  Moments m;
  m.count = a.count + b.count;
  const auto na = static_cast<double>(a.count), nb = static_cast<double>(b.count),
             n = static_cast<double>(m.count);
  const double delta = b.mean - a.mean;
  m.sum = a.sum + b.sum;
  m.mean = a.mean + delta * (nb / n);
  m.m2 = a.m2 + b.m2 + delta * delta * (na * nb / n);
  m.min = std::min(a.min, b.min);
  m.max = std::max(a.max, b.max);
  return m;
}

}  // namespace

Moments column_moments(const Column& c, bool second_order) {
  switch (c.type()) {
    case ColumnType::int64:
      return moments_of(c.int64s(), c.validity(), second_order);
    case ColumnType::float64:
      return moments_of(c.float64s(), c.validity(), second_order);
    case ColumnType::boolean:
      return moments_of(c.bools(), c.validity(), second_order);
    case ColumnType::string:
      break;
  }
  DTASK_THROW(TypeError, "a string column has no numeric reductions");
}

Moments combine(std::span<const Moments> parts) {
  Moments m;
  for (const Moments& p : parts) m = combine_two(m, p);
  return m;
}

Moments combine_in_tree_order(std::vector<Moments> parts, std::size_t split_every) {
  if (parts.empty()) return {};
  while (parts.size() > 1) {
    std::vector<Moments> next;
    for (std::size_t begin = 0; begin < parts.size(); begin += split_every) {
      const std::size_t end = std::min(parts.size(), begin + split_every);
      next.push_back(combine(std::span<const Moments>(parts).subspan(begin, end - begin)));
    }
    parts = std::move(next);
  }
  return parts.front();
}

double mean_of(const Moments& m) {
  return m.count > 0 ? m.sum / static_cast<double>(m.count) : nan;
}
double var_of(const Moments& m, int ddof) {
  return m.count > ddof ? m.m2 / static_cast<double>(m.count - ddof) : nan;
}
double min_of(const Moments& m) { return m.count > 0 ? m.min : nan; }
double max_of(const Moments& m) { return m.count > 0 ? m.max : nan; }

}  // namespace dtask::dataframe::detail
