// solve_triangular on the sync scheduler against Eigen's triangular solves: lower and upper,
// unit and not, transposed and not, vector and matrix right-hand sides, ragged chunks.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/triangular.hpp>

#include "lu_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using namespace dtask::linalg::testing;

// A full random matrix whose `lower` triangle is well conditioned; the other triangle and (for
// unit solves) the diagonal hold values a correct solve never reads.
Matrix triangle_source(Eigen::Index n, unsigned seed) {
  std::srand(seed);
  Matrix a = Matrix::Random(n, n) / static_cast<double>(n);
  a.diagonal().array() += 1.0;
  return a;
}

// What Eigen solves for op(a) x = b with only the triangle of a that the options name.
Matrix eigen_solve(const Matrix& a, const Matrix& b, bool lower, const la::TriangularOptions& o) {
  Matrix t =
      lower ? Matrix(a.triangularView<Eigen::Lower>()) : Matrix(a.triangularView<Eigen::Upper>());
  if (o.unit_diagonal) t.diagonal().setOnes();
  if (o.trans) t.transposeInPlace();
  return t.lu().solve(b);
}

struct Case {
  bool lower, unit, trans;
};

class SolveTriangularCase : public ::testing::TestWithParam<Case> {};

TEST_P(SolveTriangularCase, MatchesEigenForVectorsAndMatrices) {
  const auto [lower, unit, trans] = GetParam();
  const la::TriangularOptions options{.unit_diagonal = unit, .trans = trans};
  Matrix a = triangle_source(37, 3);
  if (unit) a.diagonal().setConstant(1e3);  // must not be read
  const Matrix b = Matrix::Random(37, 5);
  const Eigen::VectorXd v = Eigen::VectorXd::Random(37);
  const da::Array x =
      la::solve_triangular(da::from_eigen(a, 10), da::from_eigen(b, {8, 3}), lower, options);
  const da::Array y = la::solve_triangular(da::from_eigen(a, 10),
                                           da::from_buffer(v.data(), {37}, 10), lower, options);
  EXPECT_EQ(x.chunks(), (da::Chunks{{10, 10, 10, 7}, {3, 2}}));
  EXPECT_EQ(y.shape(), (da::Shape{37}));
  EXPECT_LE(relative_error(compute_sync(x), eigen_solve(a, b, lower, options)), 1e-12);
  EXPECT_LE(relative_error(compute_sync(y), eigen_solve(a, v, lower, options)), 1e-12);
}

INSTANTIATE_TEST_SUITE_P(SolveTriangular, SolveTriangularCase,
                         ::testing::Values(Case{true, false, false}, Case{true, true, false},
                                           Case{true, false, true}, Case{true, true, true},
                                           Case{false, false, false}, Case{false, true, false},
                                           Case{false, false, true}, Case{false, true, true}),
                         [](const auto& info) {
                           return std::string(info.param.lower ? "lower" : "upper") +
                                  (info.param.unit ? "_unit" : "") +
                                  (info.param.trans ? "_trans" : "");
                         });

TEST(SolveTriangular, OneBlockAndOneByOne) {
  const Matrix a = triangle_source(6, 4), b = Matrix::Random(6, 2);
  EXPECT_LE(relative_error(compute_sync(la::solve_triangular(da::from_eigen(a, 6),
                                                             da::from_eigen(b, 6), true)),
                           eigen_solve(a, b, true, {})),
            1e-12);
  const Matrix one = Matrix::Constant(1, 1, 4.0), two = Matrix::Constant(1, 1, 2.0);
  EXPECT_EQ(compute_sync(la::solve_triangular(da::from_eigen(one, 1), da::from_eigen(two, 1)))
                .to_matrix<double>()(0, 0),
            0.5);
}

TEST(SolveTriangular, Float32StaysFloat32) {
  const Matrix a = triangle_source(23, 5), b = Matrix::Random(23, 4);
  const da::Array x = la::solve_triangular(da::from_eigen(a.cast<float>(), 5),
                                           da::from_eigen(b.cast<float>(), 5), false);
  ASSERT_EQ(x.dtype(), dtask::DType::float32);
  EXPECT_LE(relative_error(compute_sync(x).to_matrix<double>(), eigen_solve(a, b, false, {})),
            1e-5);
}

TEST(SolveTriangular, SameBitsOnThreadsAsOnOneThread) {
  const Matrix a = triangle_source(50, 6), b = Matrix::Random(50, 9);
  const da::Array x =
      la::solve_triangular(da::from_eigen(a, 7), da::from_eigen(b, 7), true, {.trans = true});
  EXPECT_TRUE(same_bits(x.compute(), compute_sync(x)));
}

TEST(SolveTriangular, RefusesBadShapesAndChunks) {
  const da::Array b = da::random::random({20}, 10);
  EXPECT_EQ(message_of<dtask::LinAlgError>(
                [&] { la::solve_triangular(random_matrix(20, 10, 10, 1), b); }),
            "solve_triangular needs a square matrix, not shape (20, 10)");
  const std::string chunks = message_of<dtask::LinAlgError>([&] {
    la::solve_triangular(random_matrix(20, 20, {10, 4}, 1), b);
  });
  EXPECT_NE(chunks.find("rechunk to {10, 10}"), std::string::npos) << chunks;
  EXPECT_NE(message_of<dtask::LinAlgError>([&] {
              la::solve_triangular(random_matrix(20, 20, 10, 1), da::random::random({21}, 10));
            }),
            "");
}

}  // namespace
