// Helpers of the elementwise tests: random inputs of every dtype and naive-loop references.
#pragma once

#include <cmath>
#include <functional>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>

#include "array_testing.hpp"

namespace dtask::array::testing {

inline constexpr DType all_dtypes[] = {DType::bool_, DType::int64, DType::float32, DType::float64};

// Random values of a dtype: bools half true, integers in [-5, 5], floats in [-2, 2).
inline Chunk random_values(const Shape& shape, DType dtype, std::uint64_t seed) {
  if (dtype == DType::bool_) return compute_sync(random::integers(0, 2, shape, -1, seed)).astype(dtype);
  if (dtype == DType::int64) return compute_sync(random::integers(-5, 6, shape, -1, seed));
  return compute_sync(random::uniform(-2, 2, shape, -1, seed, dtype));
}

// Element i of c set from a double, in c's dtype.
inline void set_element(Chunk& c, std::int64_t i, double v) {
  visit_dtype(c.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    c.data<T>()[i] = static_cast<T>(v);
  });
}

// Row-major index of the element of `in` that broadcasting reads for output element i.
inline std::int64_t broadcast_source(const Shape& out, const Shape& in, std::int64_t i) {
  std::int64_t source = 0, stride = 1;
  for (std::size_t a = out.size(); a-- > 0;) {
    const std::int64_t index = i % out[a];
    i /= out[a];
    const std::size_t k = a + in.size();
    if (k < out.size()) continue;  // a leading axis `in` does not have
    const std::size_t b = k - out.size();
    if (in[b] != 1) source += index * stride;
    stride *= in[b];
  }
  return source;
}

// f applied element by element, in double, to a and b broadcast to shape; stored as dtype.
inline Chunk reference(DType dtype, const Shape& shape, const Chunk& a, const Chunk& b,
                       const std::function<double(double, double)>& f) {
  Chunk out(dtype, shape);
  for (std::int64_t i = 0; i < out.size(); ++i) {
    set_element(out, i, f(element(a, broadcast_source(shape, a.shape(), i)),
                          element(b, broadcast_source(shape, b.shape(), i))));
  }
  return out;
}

inline Chunk reference(DType dtype, const Chunk& a, const std::function<double(double)>& f) {
  return reference(dtype, a.shape(), a, a, [&](double x, double) { return f(x); });
}

// Same dtype and shape; every element equal to the reference within tolerance * max(1, |ref|),
// NaN where it has NaN and the same infinities.
inline ::testing::AssertionResult matches(const Chunk& actual, const Chunk& expected, double tolerance = 0) {
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure() << "expected " << dtype_name(expected.dtype()) << to_string(expected.shape())
                                         << ", got " << dtype_name(actual.dtype()) << to_string(actual.shape());
  }
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    const double a = element(actual, i), e = element(expected, i);
    const bool ok = std::isnan(e) ? std::isnan(a)
                    : std::isinf(e) ? a == e
                                    : std::abs(a - e) <= tolerance * std::max(1.0, std::abs(e));
    if (!ok) return ::testing::AssertionFailure() << "element " << i << ": " << a << " vs " << e;
  }
  return ::testing::AssertionSuccess();
}

// float32 results are checked to float precision, float64 to 1e-12, others exactly.
inline double tolerance(DType dtype) { return dtype == DType::float32 ? 2e-6 : dtype == DType::float64 ? 1e-12 : 0; }

}  // namespace dtask::array::testing
