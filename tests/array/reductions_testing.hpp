// Helpers of the reduction tests: inputs of every dtype made without dtask's random arrays, and
// a naive reference reduction (a loop over every element, values gathered per output element).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <dtask/array/array.hpp>
#include <dtask/array/creation.hpp>

#include "array_testing.hpp"

namespace dtask::array::testing {

// Deterministic values of a dtype: floats in [-1, 1), integers in {-1, 0, 1} (prod stays small),
// bools about half true.
inline Chunk sample_chunk(DType dtype, const Shape& shape, std::uint64_t seed) {
  Chunk c(dtype, shape);
  std::uint64_t state = seed * 6364136223846793005ULL + 1442695040888963407ULL;
  visit_dtype(dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = c.data<T>();
    for (std::int64_t i = 0; i < c.size(); ++i) {
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      const double u = static_cast<double>(state >> 11) * 0x1.0p-53;  // [0, 1)
      if constexpr (std::is_same_v<T, bool>) p[i] = u < 0.5;
      else if constexpr (std::is_integral_v<T>) p[i] = static_cast<T>(std::floor(u * 3)) - 1;
      else p[i] = static_cast<T>(2 * u - 1);
    }
  });
  return c;
}

enum class Ref { sum, prod, mean, min, max, var, std, any, all, argmin, argmax };

inline const char* ref_name(Ref r) {
  static const char* names[] = {"sum", "prod", "mean", "min", "max", "var", "std", "any", "all", "argmin", "argmax"};
  return names[static_cast<int>(r)];
}

// The reduction of x over the axes flagged in `reduced`, by brute force, as a chunk of the
// expected dtype and shape. Sums of integers are exact int64; floats are reduced in double.
inline Chunk naive_reduce(const Chunk& x, Ref r, const std::vector<bool>& reduced, bool keepdims, int ddof,
                          DType dtype) {
  const std::size_t d = x.ndim();
  Shape out_shape, kept_shape;
  for (std::size_t a = 0; a < d; ++a) {
    if (!reduced[a]) kept_shape.push_back(x.shape()[a]);
    if (!reduced[a] || keepdims) out_shape.push_back(reduced[a] ? 1 : x.shape()[a]);
  }
  const std::int64_t m = shape_size(kept_shape);
  std::vector<std::vector<double>> values(static_cast<std::size_t>(m));
  std::vector<std::vector<std::int64_t>> ints(static_cast<std::size_t>(m)), where(static_cast<std::size_t>(m));
  Shape index(d, 0);
  for (std::int64_t e = 0; e < x.size(); ++e) {
    std::int64_t o = 0, g = 0;
    for (std::size_t a = 0; a < d; ++a) {
      if (reduced[a]) g = g * x.shape()[a] + index[a];
      else o = o * x.shape()[a] + index[a];
    }
    visit_dtype(x.dtype(), [&](auto tag) {
      using T = typename decltype(tag)::type;
      const T v = x.data<T>()[e];
      values[static_cast<std::size_t>(o)].push_back(static_cast<double>(v));
      if constexpr (!std::is_floating_point_v<T>) ints[static_cast<std::size_t>(o)].push_back(static_cast<std::int64_t>(v));
    });
    where[static_cast<std::size_t>(o)].push_back(g);
    for (std::size_t a = d; a-- > 0;) {
      if (++index[a] < x.shape()[a]) break;
      index[a] = 0;
    }
  }
  Chunk out(dtype, out_shape);
  for (std::int64_t o = 0; o < m; ++o) {
    const auto& v = values[static_cast<std::size_t>(o)];
    const auto& w = where[static_cast<std::size_t>(o)];
    const auto n = static_cast<double>(v.size());
    double result = 0;
    std::int64_t exact = 0;
    bool is_exact = dtype == DType::int64 || dtype == DType::bool_;
    switch (r) {
      case Ref::sum:
        for (double a : v) result += a;
        exact = 0;
        for (std::int64_t a : ints[static_cast<std::size_t>(o)]) exact += a;
        break;
      case Ref::prod:
        result = 1;
        for (double a : v) result *= a;
        exact = 1;
        for (std::int64_t a : ints[static_cast<std::size_t>(o)]) exact *= a;
        break;
      case Ref::mean:
      case Ref::var:
      case Ref::std: {
        double mean = 0;
        for (double a : v) mean += a;
        mean /= n;
        double m2 = 0;
        for (double a : v) m2 += (a - mean) * (a - mean);
        result = r == Ref::mean ? mean : m2 / std::max(n - ddof, 0.0);
        if (r == Ref::std) result = std::sqrt(result);
        break;
      }
      case Ref::min:
      case Ref::max:
        result = v.front();
        for (double a : v) {
          if (std::isnan(result)) break;
          if (std::isnan(a) || (r == Ref::min ? a < result : a > result)) result = a;
        }
        exact = static_cast<std::int64_t>(result);
        break;
      case Ref::any:
      case Ref::all:
        exact = r == Ref::all;
        for (double a : v) exact = r == Ref::any ? (exact || a != 0) : (exact && a != 0);
        break;
      case Ref::argmin:
      case Ref::argmax: {
        std::size_t best = 0;
        for (std::size_t i = 1; i < v.size() && !std::isnan(v[best]); ++i) {
          if (std::isnan(v[i]) || (r == Ref::argmin ? v[i] < v[best] : v[i] > v[best])) best = i;
        }
        exact = w[best];
        break;
      }
    }
    visit_dtype(dtype, [&](auto tag) {
      using T = typename decltype(tag)::type;
      out.data<T>()[o] = is_exact ? static_cast<T>(exact) : static_cast<T>(result);
    });
  }
  return out;
}

// Same dtype and shape; integers and bools equal, floats within tolerance (relative to the
// largest magnitude, at least 1), NaN where NaN is expected.
inline ::testing::AssertionResult matches(const Chunk& actual, const Chunk& expected, double tolerance) {
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure() << "expected " << dtype_name(expected.dtype()) << to_string(expected.shape())
                                         << ", got " << dtype_name(actual.dtype()) << to_string(actual.shape());
  }
  const bool exact = !is_floating(expected.dtype());
  double scale = 1;
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    if (!std::isnan(element(expected, i))) scale = std::max(scale, std::abs(element(expected, i)));
  }
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    const double a = element(actual, i), e = element(expected, i);
    const bool ok = std::isnan(e) ? std::isnan(a) : exact ? a == e : std::abs(a - e) <= tolerance * scale;
    if (!ok) return ::testing::AssertionFailure() << "element " << i << ": " << a << " vs " << e;
  }
  return ::testing::AssertionSuccess();
}

}  // namespace dtask::array::testing
