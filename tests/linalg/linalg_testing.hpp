// Helpers shared by the linear-algebra tests: matrices made by dtask's random generator (so the
// MPI tests and their Eigen references see the same numbers), and relative errors.
#pragma once

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/array/creation.hpp>
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

}  // namespace dtask::linalg::testing
