// linalg::norm on the default scheduler (two workers at np 3): the same bits as the sync
// scheduler, and the values of numpy.linalg.norm's definitions on the whole matrix.
#include <gtest/gtest.h>

#include <dtask/linalg/norm.hpp>

#include "norm_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using la::testing::compute_sync;
using la::testing::inf;
using la::testing::same_bits;

TEST(MpiNorm, MatrixNormsHaveTheSameBitsAsTheSyncScheduler) {
  for (const dtask::DType dtype : {dtask::DType::float64, dtask::DType::float32}) {
    const da::Array x = da::random::random({157, 61}, {40, 25}, 21, dtype) - 0.5;
    const la::testing::Matrix m = compute_sync(x).to_matrix<double>();
    const double tolerance = dtype == dtask::DType::float64 ? 1e-12 : 1e-5;
    for (double p : {1.0, -1.0, inf, -inf, 2.0}) {
      const da::Array n = la::norm(x, p);
      const dtask::Chunk value = n.compute();
      EXPECT_TRUE(same_bits(value, compute_sync(n))) << "ord " << p;
      EXPECT_LT(la::testing::relative_difference(value.item<double>(), la::testing::matrix_norm_reference(m, p)), tolerance);
    }
    for (const la::Ord& ord : {la::Ord(), la::Ord("nuc")}) {
      const da::Array n = la::norm(x, ord);
      EXPECT_TRUE(same_bits(n.compute(), compute_sync(n))) << ord.str();
    }
  }
}

TEST(MpiNorm, VectorNormsAlongAnAxisHaveTheSameBitsAsTheSyncScheduler) {
  const da::Array x = da::random::random({203, 37}, {50, 10}, 8);
  for (double p : {2.0, 1.0, inf, 0.0, 3.0}) {
    for (int axis : {0, 1}) {
      const da::Array n = la::norm(x, p, axis);
      EXPECT_TRUE(same_bits(n.compute(), compute_sync(n))) << "ord " << p << " axis " << axis;
    }
  }
  const da::Array v = la::testing::vector_with_zeros(1001, 97, 4);
  const Eigen::VectorXd ref = compute_sync(v).to_vector<double>();
  for (double p : {2.0, 0.0, -inf, 0.5}) {
    const dtask::Chunk value = la::norm(v, p).compute();
    EXPECT_LT(la::testing::relative_difference(value.item<double>(), la::testing::vector_norm_reference(ref, p)), 1e-13);
  }
}

}  // namespace
