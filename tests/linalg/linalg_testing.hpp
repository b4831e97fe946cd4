// Helpers shared by the linear-algebra tests: matrices made by dtask's random generator (so the
// MPI tests and their Eigen references see the same numbers), and relative errors.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <functional>
#include <string>
#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/sched/scheduler.hpp>

#include "../array/array_testing.hpp"

namespace dtask::linalg::testing {

using Matrix = Eigen::MatrixXd;
using array::testing::compute_sync;
using array::testing::same_bits;

// The array on the default scheduler (the workers at np 3, threads at np 1), as an Eigen matrix.
inline Matrix eigen_of(const array::Array& x) { return x.compute().to_matrix<double>(); }

// ||actual - expected|| / ||expected|| in the Frobenius norm (the norm itself when expected is 0).
inline double relative_error(const Matrix& actual, const Matrix& expected) {
  const double scale = expected.norm();
  return (actual - expected).norm() / (scale > 0 ? scale : 1.0);
}

// A uniform random m x n matrix in the given chunks (ragged when they do not divide it).
inline array::Array random_matrix(std::int64_t m, std::int64_t n, const array::ChunkSpec& chunks, std::uint64_t seed) {
  return array::random::random({m, n}, chunks, seed);
}

// The what() of the E that f throws, or "" when it throws none.
template <class E, class F>
std::string message_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "";
}

// Expects run() to throw a dtask::Error whose message contains text.
inline void expect_message(const std::function<void()>& run, const std::string& text) {
  const std::string message = message_of<dtask::Error>(run);
  EXPECT_NE(message.find(text), std::string::npos) << (message.empty() ? "no error" : message) << "; expected: " << text;
}

}  // namespace dtask::linalg::testing
