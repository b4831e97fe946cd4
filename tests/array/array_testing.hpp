// Helpers shared by the array tests: references computed without dtask's array code, and
// comparisons of chunks.
#pragma once

#include <gtest/gtest.h>

#include <dtask/array/array.hpp>
#include <dtask/sched/scheduler.hpp>

namespace dtask::array::testing {

// The array computed on the sync scheduler: the single-threaded reference every scheduler must
// match bit for bit.
inline Chunk compute_sync(const Array& x) {
  sched::SyncScheduler sync;
  return x.compute(sync);
}

// Chunks with the same dtype, shape and bits.
inline ::testing::AssertionResult same_bits(const Chunk& actual, const Chunk& expected) {
  if (actual.same_bits(expected)) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "chunks differ: " << dtype_name(actual.dtype()) << to_string(actual.shape())
                                       << " vs " << dtype_name(expected.dtype()) << to_string(expected.shape());
}

// Element i (row-major) of a chunk of any dtype, as double.
inline double element(const Chunk& c, std::int64_t i) {
  return visit_dtype(c.dtype(), [&](auto tag) { return static_cast<double>(c.data<typename decltype(tag)::type>()[i]); });
}

// Same dtype and shape, and every element within tolerance of the reference (relative to the
// largest magnitude of the reference).
inline ::testing::AssertionResult all_close(const Chunk& actual, const Chunk& expected, double tolerance = 1e-12) {
  if (actual.dtype() != expected.dtype() || actual.shape() != expected.shape()) {
    return ::testing::AssertionFailure() << "expected " << dtype_name(expected.dtype()) << to_string(expected.shape())
                                         << ", got " << dtype_name(actual.dtype()) << to_string(actual.shape());
  }
  double scale = 1;
  for (std::int64_t i = 0; i < expected.size(); ++i) scale = std::max(scale, std::abs(element(expected, i)));
  for (std::int64_t i = 0; i < expected.size(); ++i) {
    if (std::abs(element(actual, i) - element(expected, i)) > tolerance * scale) {
      return ::testing::AssertionFailure() << "element " << i << ": " << element(actual, i) << " vs "
                                           << element(expected, i);
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace dtask::array::testing
