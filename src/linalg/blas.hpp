// Typed BLAS calls on row-major blocks (float and double), so that block kernels are written
// once as templates. Each wraps one CBLAS call; callers hold a SingleThreadedBlas while they
// run (one BLAS thread per compute thread, array/product_blas.hpp).
#pragma once

#include <cblas.h>

#include <Eigen/Core>

#include <dtask/core/chunk.hpp>

namespace dtask::linalg::detail {

template <class T>
using Block = Eigen::Map<RowMajorMatrix<T>>;
template <class T>
using ConstBlock = Eigen::Map<const RowMajorMatrix<T>>;

inline CBLAS_TRANSPOSE op(bool transpose) { return transpose ? CblasTrans : CblasNoTrans; }

// c = alpha op(a) op(b) + beta c
inline void gemm(bool ta, bool tb, double alpha, ConstBlock<double> a, ConstBlock<double> b, double beta, Block<double> c) {
  const auto k = ta ? a.rows() : a.cols();
  cblas_dgemm(CblasRowMajor, op(ta), op(tb), static_cast<int>(c.rows()), static_cast<int>(c.cols()), static_cast<int>(k),
              alpha, a.data(), static_cast<int>(a.cols()), b.data(), static_cast<int>(b.cols()), beta, c.data(),
              static_cast<int>(c.cols()));
}
inline void gemm(bool ta, bool tb, float alpha, ConstBlock<float> a, ConstBlock<float> b, float beta, Block<float> c) {
  const auto k = ta ? a.rows() : a.cols();
  cblas_sgemm(CblasRowMajor, op(ta), op(tb), static_cast<int>(c.rows()), static_cast<int>(c.cols()), static_cast<int>(k),
              alpha, a.data(), static_cast<int>(a.cols()), b.data(), static_cast<int>(b.cols()), beta, c.data(),
              static_cast<int>(c.cols()));
}

// b = alpha op(t)^-1 b (left) or alpha b op(t)^-1 (right), t triangular.
struct Triangle {
  bool left = true, lower = true, transpose = false, unit = false;
};
inline void trsm(Triangle s, double alpha, ConstBlock<double> t, Block<double> b) {
  cblas_dtrsm(CblasRowMajor, s.left ? CblasLeft : CblasRight, s.lower ? CblasLower : CblasUpper, op(s.transpose),
              s.unit ? CblasUnit : CblasNonUnit, static_cast<int>(b.rows()), static_cast<int>(b.cols()), alpha, t.data(),
              static_cast<int>(t.cols()), b.data(), static_cast<int>(b.cols()));
}
inline void trsm(Triangle s, float alpha, ConstBlock<float> t, Block<float> b) {
  cblas_strsm(CblasRowMajor, s.left ? CblasLeft : CblasRight, s.lower ? CblasLower : CblasUpper, op(s.transpose),
              s.unit ? CblasUnit : CblasNonUnit, static_cast<int>(b.rows()), static_cast<int>(b.cols()), alpha, t.data(),
              static_cast<int>(t.cols()), b.data(), static_cast<int>(b.cols()));
}

// The lower triangle of c = alpha a a^T + beta c.
inline void syrk_lower(double alpha, ConstBlock<double> a, double beta, Block<double> c) {
  cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, static_cast<int>(c.rows()), static_cast<int>(a.cols()), alpha,
              a.data(), static_cast<int>(a.cols()), beta, c.data(), static_cast<int>(c.cols()));
}
inline void syrk_lower(float alpha, ConstBlock<float> a, float beta, Block<float> c) {
  cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, static_cast<int>(c.rows()), static_cast<int>(a.cols()), alpha,
              a.data(), static_cast<int>(a.cols()), beta, c.data(), static_cast<int>(c.cols()));
}

}  // namespace dtask::linalg::detail
