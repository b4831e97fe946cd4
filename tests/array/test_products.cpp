#include <gtest/gtest.h>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/transpose.hpp>

#include "array_testing.hpp"

#include <tuple>

namespace {

namespace da = dtask::array;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;
using da::testing::all_close;
using da::testing::compute_sync;
using da::testing::element;
using da::testing::same_bits;

const DType all_dtypes[] = {DType::bool_, DType::int64, DType::float32, DType::float64};

// Small integers (0 and 1 for bool), so that products are exact in every dtype.
Chunk small_integers(const Shape& shape, DType dtype, unsigned seed) {
  Chunk c(DType::int64, shape);
  for (std::int64_t i = 0; i < c.size(); ++i) {
    c.data<std::int64_t>()[i] = static_cast<std::int64_t>((i * 7919 + seed * 104729) % 7) - 3;
  }
  return c.astype(dtype);
}

// The reference: Eigen's int64 product, converted as NumPy converts it (bool: any term true).
Chunk eigen_product(const Chunk& a, const Chunk& b, DType dtype) {
  using Matrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>;
  const Matrix product = a.to_matrix<std::int64_t>() * b.to_matrix<std::int64_t>();
  return Chunk::from_eigen(product).astype(dtype);
}

std::int64_t tasks_of(const da::Array& x, const std::string& function) {
  std::int64_t n = 0;
  x.graph().for_each_layer([&](const dtask::Layer& layer) {
    for (const auto& [key, task] : layer.tasks()) n += task.function_name() == function;
  });
  return n;
}

TEST(Products, MatrixProductOfEveryDTypePairMatchesEigen) {
  for (DType da_type : all_dtypes) {
    for (DType db_type : all_dtypes) {
      const Chunk a = small_integers({7, 13}, da_type, 1), b = small_integers({13, 5}, db_type, 2);
      const DType expected_dtype = dtask::promote_types(da_type, db_type);
      const Chunk c = compute_sync(da::from_chunk(a, 3).dot(da::from_chunk(b, 3)));
      EXPECT_TRUE(same_bits(c, eigen_product(a, b, expected_dtype)))
          << dtask::dtype_name(da_type) << " @ " << dtask::dtype_name(db_type);
    }
  }
}

TEST(Products, RandomFloatsMatchEigenOnRaggedChunksAndTrees) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(5, 40), b = Eigen::MatrixXd::Random(40, 6);
  const Chunk expected = Chunk::from_eigen(Eigen::MatrixXd(a * b));
  for (int split_every : {2, 3, 4, 8}) {
    da::Array c = da::dot(da::from_eigen(a, 3), da::from_eigen(b, {3, 4}), {split_every});
    EXPECT_TRUE(all_close(compute_sync(c), expected)) << split_every;
  }
}

TEST(Products, OneByOneAndEmptyInnerAxis) {
  EXPECT_EQ(compute_sync(da::full({1, 1}, 3, 1).dot(da::full({1, 1}, 4, 1))).item<double>(), 12.0);
  const Chunk zeros = compute_sync(da::ones({4, 0}, 2).dot(da::ones({0, 3}, 2)));
  ASSERT_EQ(zeros.shape(), (Shape{4, 3}));
  for (std::int64_t i = 0; i < zeros.size(); ++i) EXPECT_EQ(element(zeros, i), 0.0);
  EXPECT_EQ(compute_sync(da::ones({0, 3}, 2).dot(da::ones({3, 2}, 2))).shape(), (Shape{0, 2}));
}

TEST(Products, VectorsFollowNumPy) {
  Eigen::VectorXd v = Eigen::VectorXd::Random(13), w = Eigen::VectorXd::Random(13);
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(13, 7);
  const Chunk inner = compute_sync(da::dot(da::from_buffer(v.data(), {13}, 4), da::from_buffer(w.data(), {13}, 3)));
  EXPECT_EQ(inner.shape(), Shape{});
  EXPECT_NEAR(inner.item<double>(), v.dot(w), 1e-12);
  const Chunk row = compute_sync(da::matmul(da::from_buffer(v.data(), {13}, 4), da::from_eigen(m, 4)));
  EXPECT_EQ(row.shape(), Shape{7});
  EXPECT_TRUE(row.to_vector<double>().isApprox(Eigen::VectorXd(m.transpose() * v), 1e-12));
  const Chunk column = compute_sync(da::dot(da::from_eigen(m.transpose(), {3, 4}), da::from_buffer(v.data(), {13}, 4)));
  EXPECT_EQ(column.shape(), Shape{7});
  const Eigen::VectorXd expected = m.transpose() * v;
  EXPECT_TRUE(column.to_vector<double>().isApprox(expected, 1e-12));
}

TEST(Products, TensordotMatchesANaiveLoop) {
  const Chunk a = small_integers({4, 5, 6}, DType::float64, 3), b = small_integers({6, 5, 3}, DType::float64, 4);
  // a's axes 1, 2 with b's axes 1, 0: c[i, l] = sum_jk a[i, j, k] b[k, j, l]
  const Chunk c = compute_sync(da::tensordot(da::from_chunk(a, {3, 2, 4}), da::from_chunk(b, {4, 2, 2}), {{1, 2}, {1, 0}}));
  ASSERT_EQ(c.shape(), (Shape{4, 3}));
  const double* pa = a.data<double>();
  const double* pb = b.data<double>();
  for (int i = 0; i < 4; ++i)
    for (int l = 0; l < 3; ++l) {
      double sum = 0;
      for (int j = 0; j < 5; ++j)
        for (int k = 0; k < 6; ++k) sum += pa[(i * 5 + j) * 6 + k] * pb[(k * 5 + j) * 3 + l];
      EXPECT_EQ(c.data<double>()[i * 3 + l], sum);
    }
}

TEST(Products, TensordotOfATransposeReadsItsSource) {
  const Chunk x = small_integers({5, 4, 6}, DType::int64, 5), y = small_integers({6, 5, 2}, DType::int64, 6);
  // t = x.transpose(2, 0, 1) is 6 x 5 x 4; contract its axes 0, 1 with y's 0, 1: c[m, l] = sum x[j, m, k] y[k, j, l]
  da::Array t = da::from_chunk(x, {2, 3, 4}).transpose({2, 0, 1});
  da::Array c = da::tensordot(t, da::from_chunk(y, {4, 2, 1}), {{0, 1}, {0, 1}});
  EXPECT_EQ(tasks_of(c, "array.transpose"), 0);
  const Chunk r = compute_sync(c);
  ASSERT_EQ(r.shape(), (Shape{4, 2}));
  for (int m = 0; m < 4; ++m)
    for (int l = 0; l < 2; ++l) {
      std::int64_t sum = 0;
      for (int j = 0; j < 5; ++j)
        for (int k = 0; k < 6; ++k) sum += x.data<std::int64_t>()[(j * 4 + m) * 6 + k] * y.data<std::int64_t>()[(k * 5 + j) * 2 + l];
      EXPECT_EQ(r.data<std::int64_t>()[m * 2 + l], sum);
    }
}

TEST(Products, GramMatrixIsSymmetricWorkAndMatchesEigen) {
  for (DType d : all_dtypes) {
    const Chunk data = small_integers({13, 7}, d, 7);
    da::Array x = da::from_chunk(data, 3);
    da::Array gram = x.T().dot(x);
    EXPECT_TRUE(same_bits(compute_sync(gram), eigen_product(Chunk::from_eigen(data.to_matrix<std::int64_t>().transpose().eval()), data, d)))
        << dtask::dtype_name(d);
    da::Array general = x.T().dot(da::from_chunk(data, 3));
    EXPECT_GT(tasks_of(gram, "array.gram"), 0);
    EXPECT_LT(tasks_of(gram, "array.contract") + tasks_of(gram, "array.gram"), tasks_of(general, "array.contract"));
    EXPECT_EQ(tasks_of(gram, "array.transpose"), 3);  // the 3 chunks below the diagonal, mirrored
  }
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(50, 23);
  da::Array x = da::from_eigen(m, {7, 5});
  const Chunk g = compute_sync(x.T().dot(x));
  EXPECT_TRUE(all_close(g, Chunk::from_eigen(Eigen::MatrixXd(m.transpose() * m))));
  const Eigen::MatrixXd gm = g;
  EXPECT_EQ(gm, gm.transpose());  // exactly symmetric
}

TEST(Products, GramMatrixOfRowsIsSymmetricWorkAndMatchesEigen) {
  for (DType d : all_dtypes) {
    const Chunk data = small_integers({13, 7}, d, 7);
    da::Array x = da::from_chunk(data, 3);
    da::Array gram = x.dot(x.T());
    EXPECT_TRUE(same_bits(compute_sync(gram), eigen_product(data, Chunk::from_eigen(data.to_matrix<std::int64_t>().transpose().eval()), d)))
        << dtask::dtype_name(d);
    da::Array general = x.dot(da::from_chunk(data, 3).T());
    EXPECT_GT(tasks_of(gram, "array.gram"), 0);
    EXPECT_LT(tasks_of(gram, "array.contract") + tasks_of(gram, "array.gram"), tasks_of(general, "array.contract"));
    EXPECT_EQ(tasks_of(gram, "array.transpose"), 10);  // the 10 chunks below the diagonal of 5 x 5, mirrored
  }
  Eigen::MatrixXd m = Eigen::MatrixXd::Random(23, 50);
  da::Array x = da::from_eigen(m, {5, 7});
  const Chunk g = compute_sync(x.dot(x.T()));
  EXPECT_TRUE(all_close(g, Chunk::from_eigen(Eigen::MatrixXd(m * m.transpose()))));
  const Eigen::MatrixXd gm = g;
  EXPECT_EQ(gm, gm.transpose());  // exactly symmetric
}

TEST(Products, TransposedLeftOperandRunsNoTransposeTasks) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(9, 7), b = Eigen::MatrixXd::Random(9, 4);
  da::Array c = da::from_eigen(a, 4).T().dot(da::from_eigen(b, 4));
  EXPECT_EQ(tasks_of(c, "array.transpose"), 0);
  EXPECT_TRUE(all_close(compute_sync(c), Chunk::from_eigen(Eigen::MatrixXd(a.transpose() * b))));
}

TEST(Products, CheapElementwiseOperandsRunInsideTheProductTasks) {
  for (DType a_type : all_dtypes) {
    for (DType b_type : all_dtypes) {
      SCOPED_TRACE(std::string(dtask::dtype_name(a_type)) + " and " + std::string(dtask::dtype_name(b_type)));
      const Chunk a = small_integers({7, 13}, a_type, 1), b = small_integers({5, 13}, b_type, 2);
      const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, {2, 3});  // ragged chunks
      // The operands as the elementwise engine computes them alone: the reference's inputs.
      const da::Array shifted = y.T() + 1, scaled = 2 * x - 1;
      for (const auto& [product, lhs, rhs] : {std::tuple{x.dot(shifted), a, compute_sync(shifted)},
                                              std::tuple{scaled.dot(y.T()), compute_sync(scaled), compute_sync(y.T())}}) {
        EXPECT_EQ(tasks_of(product, "array.elementwise"), 0);
        EXPECT_EQ(tasks_of(product, "array.transpose"), 0);
        EXPECT_TRUE(same_bits(compute_sync(product), eigen_product(lhs, rhs, dtask::promote_types(lhs.dtype(), rhs.dtype()))));
      }
    }
  }
}

TEST(Products, CheapElementwiseOperandsOfOneByOneAndEmptyChunks) {
  EXPECT_EQ(compute_sync(da::full({1, 1}, 3, 1).dot(da::full({1, 1}, 4, 1).T() + 1)).item<double>(), 15.0);
  const Chunk zeros = compute_sync(da::ones({4, 0}, 2).dot(da::ones({3, 0}, 2).T() * 2 - 1));
  ASSERT_EQ(zeros.shape(), (Shape{4, 3}));
  for (std::int64_t i = 0; i < zeros.size(); ++i) EXPECT_EQ(element(zeros, i), 0.0);
  EXPECT_EQ(compute_sync((da::ones({0, 3}, 2) + 1).dot(da::ones({3, 2}, 2))).shape(), (Shape{0, 2}));
}

TEST(Products, CostlyOrBroadcastElementwiseOperandsKeepTheirTasks) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(9, 7), b = Eigen::MatrixXd::Random(7, 4);
  Eigen::RowVectorXd row = Eigen::RowVectorXd::Random(4);
  const da::Array x = da::from_eigen(a, 4), y = da::from_eigen(b, 3);
  const da::Array costly = x.dot(da::sin(y)), broadcast = x.dot(y + da::from_eigen(row, 2));
  EXPECT_GT(tasks_of(costly, "array.elementwise"), 0);
  EXPECT_GT(tasks_of(broadcast, "array.elementwise"), 0);
  EXPECT_TRUE(all_close(compute_sync(costly), Chunk::from_eigen(Eigen::MatrixXd(a * b.array().sin().matrix()))));
  EXPECT_TRUE(all_close(compute_sync(broadcast), Chunk::from_eigen(Eigen::MatrixXd(a * (b.rowwise() + row)))));
}

TEST(Products, MismatchedInnerChunksRechunkTheRightOperand) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Random(7, 13), b = Eigen::MatrixXd::Random(13, 5);
  da::Array c = da::from_eigen(a, 3).dot(da::from_eigen(b, 4));
  EXPECT_EQ(c.chunks(), (da::Chunks{{3, 3, 1}, {4, 1}}));
  EXPECT_TRUE(all_close(compute_sync(c), Chunk::from_eigen(Eigen::MatrixXd(a * b))));
}

TEST(Products, BadInputIsRejectedWhenBuilt) {
  try {
    da::ones({7, 13}, 3).dot(da::ones({12, 5}, 3));
    FAIL() << "no error";
  } catch (const dtask::ValueError& e) {
    EXPECT_NE(std::string(e.what()).find("(7, 13)"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(12, 5)"), std::string::npos) << e.what();
  }
  EXPECT_THROW(da::dot(da::full({}, 2, 1), da::ones({3}, 1)), dtask::ValueError);
  EXPECT_THROW(da::matmul(da::ones({2, 2, 2}, 1), da::ones({2, 2}, 1)), dtask::ValueError);
  EXPECT_THROW(da::tensordot(da::ones({2, 3}, 1), da::ones({3, 2}, 1), {{1}, {0, 1}}), dtask::ValueError);
  EXPECT_THROW(da::tensordot(da::ones({2, 3}, 1), da::ones({3, 2}, 1), {{1}, {2}}), dtask::ValueError);
  EXPECT_THROW(da::dot(da::ones({2, 3}, 1), da::ones({3, 2}, 1), {1}), dtask::ValueError);
}

}  // namespace
