// linalg::norm on the sync scheduler against numpy.linalg.norm's definitions evaluated by hand
// on the whole matrix (Eigen), on odd shapes in ragged chunks, float64 and float32.
#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/linalg/norm.hpp>

#include "norm_testing.hpp"

namespace {

namespace da = dtask::array;
namespace la = dtask::linalg;
using la::testing::compute_sync;
using la::testing::inf;
using la::testing::Matrix;
using la::testing::relative_difference;

double scalar_of(const da::Array& x) {
  EXPECT_EQ(x.ndim(), 0u);
  return compute_sync(x).item<double>();
}

Matrix matrix_of(const da::Array& x) { return compute_sync(x).to_matrix<double>(); }

// The ValueError's message, "" for none.
std::string error_of(const std::function<void()>& build) { return la::testing::message_of<dtask::ValueError>(build); }

TEST(Norm, VectorOrdersMatchTheirDefinitions) {
  const da::Array v = la::testing::vector_with_zeros(37, 10, 3);
  const Eigen::VectorXd ref = compute_sync(v).to_vector<double>();
  EXPECT_LT(relative_difference(scalar_of(la::norm(v)), ref.norm()), 1e-14);
  for (double p : {2.0, 1.0, inf, -inf, 0.0, 3.0, 0.5, -1.5}) {
    EXPECT_LT(relative_difference(scalar_of(la::norm(v, p)), la::testing::vector_norm_reference(ref, p)), 1e-13)
        << "ord " << p;
  }
  EXPECT_EQ(scalar_of(la::norm(v, -inf)), 0.0);  // it has zeros
}

TEST(Norm, VectorNormsAlongEitherAxisOfAMatrix) {
  const da::Array x = la::testing::random_matrix(37, 23, {10, 7}, 5);
  const Matrix m = matrix_of(x);
  for (double p : {2.0, 1.0, inf, 0.0, 3.0}) {
    const Matrix columns = matrix_of(la::norm(x, p, 0));
    const Matrix rows = matrix_of(la::norm(x, p, -1));
    ASSERT_EQ(columns.size(), 23);
    ASSERT_EQ(rows.size(), 37);
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      EXPECT_LT(relative_difference(columns(j), la::testing::vector_norm_reference(m.col(j), p)), 1e-13);
    }
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      EXPECT_LT(relative_difference(rows(i), la::testing::vector_norm_reference(m.row(i).transpose(), p)), 1e-13);
    }
  }
  EXPECT_EQ(la::norm(x, 1, 1, /*keepdims=*/true).shape(), (dtask::Shape{37, 1}));
  EXPECT_EQ(la::norm(x, {}, 0, /*keepdims=*/true).shape(), (dtask::Shape{1, 23}));
}

TEST(Norm, MatrixOrdersOfTallAndWideMatrices) {
  for (const auto& [rows, cols] : {std::pair{37, 23}, std::pair{23, 37}, std::pair{1, 9}, std::pair{13, 13}}) {
    const da::Array x = la::testing::random_matrix(rows, cols, {10, 7}, 7) - 0.5;
    const Matrix m = matrix_of(x);
    EXPECT_LT(relative_difference(scalar_of(la::norm(x)), m.norm()), 1e-14);
    EXPECT_LT(relative_difference(scalar_of(la::norm(x, "fro")), m.norm()), 1e-14);
    for (double p : {1.0, -1.0, inf, -inf, 2.0}) {
      EXPECT_LT(relative_difference(scalar_of(la::norm(x, p)), la::testing::matrix_norm_reference(m, p)), 1e-12)
          << rows << " x " << cols << " ord " << p;
    }
    // Through the Gram matrix a singular value s loses eps (s_max / s)^2 of its relative accuracy.
    const double squared_condition = std::pow(la::testing::matrix_norm_reference(m, 2) / la::testing::matrix_norm_reference(m, -2), 2);
    const double tolerance = 1e-12 + 1e-15 * squared_condition;
    EXPECT_LT(relative_difference(scalar_of(la::norm(x, -2)), la::testing::matrix_norm_reference(m, -2)), tolerance);
    EXPECT_LT(relative_difference(scalar_of(la::norm(x, "nuc")), la::testing::matrix_norm_reference(m, -7)), tolerance);
  }
}

TEST(Norm, SwappedAxesGiveTheTransposesNorm) {
  const da::Array x = la::testing::random_matrix(19, 11, {4, 5}, 9);
  const Matrix mt = matrix_of(x).transpose();
  for (double p : {1.0, -1.0, inf, -inf, 2.0}) {
    EXPECT_LT(relative_difference(scalar_of(la::norm(x, p, {1, 0})), la::testing::matrix_norm_reference(mt, p)), 1e-12);
  }
}

TEST(Norm, KeepdimsKeepsReducedAxesOfExtentOne) {
  const da::Array x = la::testing::random_matrix(8, 6, {3, 4}, 2);
  for (const la::Ord& ord : {la::Ord(), la::Ord("fro"), la::Ord(1), la::Ord(-inf), la::Ord(2), la::Ord("nuc")}) {
    const da::Array kept = la::norm(x, ord, {}, /*keepdims=*/true);
    EXPECT_EQ(kept.shape(), (dtask::Shape{1, 1})) << ord.str();
    EXPECT_EQ(compute_sync(kept).item<double>(), scalar_of(la::norm(x, ord))) << ord.str();
  }
}

TEST(Norm, MatrixNormsOverTwoAxesOfThreeDimensions) {
  const da::Array x = da::random::random({5, 4, 6}, {2, 3, 4}, 4);
  const dtask::Chunk whole = compute_sync(x);
  const Eigen::Map<const Eigen::VectorXd> flat(whole.data<double>(), whole.size());
  EXPECT_LT(relative_difference(scalar_of(la::norm(x)), flat.norm()), 1e-14);  // flattened
  const Eigen::VectorXd ones = compute_sync(la::norm(x, 1, {0, 2})).to_vector<double>();
  const Eigen::VectorXd fro = compute_sync(la::norm(x, "fro", {2, 0})).to_vector<double>();
  ASSERT_EQ(ones.size(), 4);
  for (int j = 0; j < 4; ++j) {
    Matrix slab(5, 6);  // x[:, j, :]
    for (int i = 0; i < 5; ++i) {
      for (int k = 0; k < 6; ++k) slab(i, k) = flat((i * 4 + j) * 6 + k);
    }
    EXPECT_LT(relative_difference(ones(j), la::testing::matrix_norm_reference(slab, 1)), 1e-14);
    EXPECT_LT(relative_difference(fro(j), slab.norm()), 1e-14);
  }
  EXPECT_EQ(la::norm(x, inf, {0, 2}, true).shape(), (dtask::Shape{1, 4, 1}));
}

TEST(Norm, Float32StaysFloat32AndIntegersBecomeFloat64) {
  const da::Array x = da::random::random({29, 17}, {8, 5}, 11, dtask::DType::float32);
  const Matrix m = matrix_of(x);
  for (const la::Ord& ord : {la::Ord(), la::Ord(1), la::Ord(inf), la::Ord(2), la::Ord("nuc")}) {
    const da::Array n = la::norm(x, ord);
    EXPECT_EQ(n.dtype(), dtask::DType::float32);
    const double p = ord.none() ? 0 : ord.is_number() ? ord.number() : -7;
    EXPECT_LT(relative_difference(compute_sync(n).item<float>(), la::testing::matrix_norm_reference(m, p)), 1e-5)
        << ord.str();
  }
  EXPECT_EQ(la::norm(x, 3, 0).dtype(), dtask::DType::float32);
  const da::Array k = da::random::integers(-5, 5, {9, 4}, {4, 4}, 1);
  EXPECT_EQ(la::norm(k).dtype(), dtask::DType::float64);
  EXPECT_LT(relative_difference(scalar_of(la::norm(k, 1)), la::testing::matrix_norm_reference(matrix_of(k), 1)), 1e-15);
}

TEST(Norm, BadOrdersAndAxesAreValueErrors) {
  const da::Array v = da::ones({5}, 2), x = da::ones({4, 3}, 2), t = da::ones({2, 3, 4}, 2);
  EXPECT_EQ(error_of([&] { la::norm(v, "fro"); }), "Invalid norm order 'fro' for vectors");
  EXPECT_EQ(error_of([&] { la::norm(x, 3); }), "Invalid norm order 3 for matrices.");
  EXPECT_EQ(error_of([&] { la::norm(x, 1, {1, -1}); }), "Duplicate axes given.");
  EXPECT_EQ(error_of([&] { la::norm(t, 1); }), "Improper number of dimensions to norm.");
  EXPECT_EQ(error_of([&] { la::norm(t, {}, {0, 1, 2}); }), "Improper number of dimensions to norm.");
  EXPECT_EQ(error_of([&] { la::norm(x, "max"); }), "Invalid norm order 'max': the named orders are 'fro' and 'nuc'");
  EXPECT_EQ(error_of([&] { la::norm(t, 2, {0, 1}); }), "norm with ord=2 takes a 2-d array, not one of shape (2, 3, 4)");
  EXPECT_EQ(error_of([&] { la::norm(da::ones({20000, 10001}, 5000), "nuc"); }),
            "norm with ord='nuc' solves the Gram matrix of the smaller side, which must be at most 10000, not 10001 "
            "(shape (20000, 10001))");
  EXPECT_NE(error_of([&] { la::norm(x, 1, 2); }), "");  // axis out of range
}

}  // namespace
