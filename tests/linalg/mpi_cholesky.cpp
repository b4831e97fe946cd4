// linalg::cholesky under the default scheduler (two workers at np 3, threads at np 1): Eigen's
// LLT on the whole matrix, the same bits as the sync scheduler, and a matrix that is not
// positive definite failing on a worker with the leading minor of the whole matrix.
#include <gtest/gtest.h>

#include <Eigen/Cholesky>
#include <dtask/core/error.hpp>
#include <dtask/linalg/cholesky.hpp>

#include "cholesky_testing.hpp"

namespace {

namespace da = dtask::array;
using dtask::linalg::cholesky;
using namespace dtask::linalg::testing;

TEST(CholeskyMpi, MatchesEigenWithTheSameBitsAsSync) {
  const Matrix s = spd_matrix(77, 9);
  const Matrix expected = s.llt().matrixL();
  const da::Array a = da::from_eigen(s, {16, 16});  // 5 x 5 blocks, the last of 13
  for (bool lower : {true, false}) {
    const da::Array f = cholesky(a, lower);
    const dtask::Chunk factor = f.compute();
    EXPECT_TRUE(same_bits(factor, compute_sync(f))) << lower;
    const Matrix l =
        lower ? factor.to_matrix<double>() : Matrix(factor.to_matrix<double>().transpose());
    EXPECT_LE(lower_residual(s, l), 1e-12) << lower;
    EXPECT_LE(relative_error(l, expected), 1e-12) << lower;
  }
}

TEST(CholeskyMpi, Float32MatchesEigen) {
  const Matrix s = spd_matrix(37, 4);
  const da::Array f = cholesky(da::from_eigen(s.cast<float>().eval(), {10, 10}), true);
  const dtask::Chunk l = f.compute();
  ASSERT_EQ(l.dtype(), dtask::DType::float32);
  EXPECT_TRUE(same_bits(l, compute_sync(f)));
  EXPECT_LE(lower_residual(s, l.to_matrix<double>()), 1e-5);
}

TEST(CholeskyMpi, NotPositiveDefiniteFailsWithTheLeadingMinor) {
  Matrix s = spd_matrix(40, 2);
  s(33, 33) = -1e6;
  try {
    cholesky(da::from_eigen(s, {10, 10})).compute();
    FAIL() << "no error";
  } catch (const dtask::TaskError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "not positive definite: the leading minor of order 34 is not positive"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
