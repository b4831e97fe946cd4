// The shared block kernels against Eigen on odd, non-square blocks, in float64 and float32.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/core/chunk.hpp>
#include <dtask/core/function.hpp>

#include "../../src/linalg/block_kernels.hpp"

namespace {

using dtask::Chunk;
using dtask::Value;
using Matrix = Eigen::MatrixXd;

Chunk call(const dtask::Function& f, const std::vector<Value>& args) {
  std::vector<dtask::ArgView> views;
  for (const Value& arg : args) views.push_back(dtask::ArgView{&arg, {}});
  return f.call(views).get<Chunk>();
}

Matrix random_matrix(Eigen::Index rows, Eigen::Index cols, unsigned seed) {
  std::srand(seed);
  return Matrix::Random(rows, cols);
}

// A well-conditioned lower triangle.
Matrix lower_triangle(Eigen::Index n, unsigned seed) {
  Matrix t = random_matrix(n, n, seed).triangularView<Eigen::Lower>();
  t.diagonal().array() += 3.0 * static_cast<double>(n);
  return t;
}

TEST(BlockKernels, GemmUpdateMatchesEigenForEveryTranspose) {
  const Matrix c = random_matrix(7, 5, 1), a = random_matrix(7, 3, 2), b = random_matrix(3, 5, 3);
  for (bool transpose_a : {false, true}) {
    for (bool transpose_b : {false, true}) {
      const Matrix a_in = transpose_a ? Matrix(a.transpose()) : a, b_in = transpose_b ? Matrix(b.transpose()) : b;
      const Matrix out = call(dtask::linalg::detail::gemm_update_function(),
                              {Value(Chunk::from_eigen(c)), Value(Chunk::from_eigen(a_in)), Value(Chunk::from_eigen(b_in)),
                               Value(transpose_a), Value(transpose_b)});
      EXPECT_LT((out - (c - a * b)).norm(), 1e-13) << transpose_a << transpose_b;
    }
  }
}

TEST(BlockKernels, TrsmSolvesEverySideAndTriangle) {
  const Matrix l = lower_triangle(6, 4), b_left = random_matrix(6, 4, 5), b_right = random_matrix(3, 6, 6);
  for (bool lower : {true, false}) {
    const Matrix t = lower ? l : Matrix(l.transpose());
    for (bool transpose : {false, true}) {
      for (bool unit : {false, true}) {
        Matrix op = transpose ? Matrix(t.transpose()) : t;
        if (unit) op.diagonal().setOnes();
        Matrix x = call(dtask::linalg::detail::trsm_function(),
                        {Value(Chunk::from_eigen(t)), Value(Chunk::from_eigen(b_left)), Value(true), Value(lower),
                         Value(transpose), Value(unit)});
        EXPECT_LT((op * x - b_left).norm(), 1e-12) << lower << transpose << unit;
        Matrix y = call(dtask::linalg::detail::trsm_function(),
                        {Value(Chunk::from_eigen(t)), Value(Chunk::from_eigen(b_right)), Value(false), Value(lower),
                         Value(transpose), Value(unit)});
        EXPECT_LT((y * op - b_right).norm(), 1e-12) << lower << transpose << unit;
      }
    }
  }
}

TEST(BlockKernels, SyrkUpdateWritesBothTriangles) {
  const Matrix a = random_matrix(5, 9, 7);
  const Matrix c = a * a.transpose() + Matrix::Identity(5, 5);
  Matrix out = call(dtask::linalg::detail::syrk_update_function(), {Value(Chunk::from_eigen(c)), Value(Chunk::from_eigen(a))});
  EXPECT_LT((out - Matrix::Identity(5, 5)).norm(), 1e-12);
}

TEST(BlockKernels, Float32StaysFloat32) {
  const Eigen::MatrixXf c = Eigen::MatrixXf::Ones(4, 3), a = Eigen::MatrixXf::Ones(4, 2), b = Eigen::MatrixXf::Ones(2, 3);
  Chunk out = call(dtask::linalg::detail::gemm_update_function(),
                   {Value(Chunk::from_eigen(c)), Value(Chunk::from_eigen(a)), Value(Chunk::from_eigen(b)), Value(false), Value(false)});
  ASSERT_EQ(out.dtype(), dtask::DType::float32);
  EXPECT_EQ(out.to_matrix<float>()(0, 0), -1.0f);
}

TEST(BlockKernels, RefuseIntegerAndMixedBlocks) {
  const Chunk ints(dtask::DType::int64, {2, 2});
  const Chunk doubles = Chunk::from_eigen(Matrix::Ones(2, 2));
  const Chunk floats = Chunk::from_eigen(Eigen::MatrixXf::Ones(2, 2));
  EXPECT_THROW(call(dtask::linalg::detail::gemm_update_function(), {Value(ints), Value(ints), Value(ints), Value(false), Value(false)}),
               dtask::TypeError);
  EXPECT_THROW(call(dtask::linalg::detail::syrk_update_function(), {Value(doubles), Value(floats)}), dtask::TypeError);
}

}  // namespace
