// Typed BLAS calls on row-major blocks (float and double), so that block kernels are written
// once as templates. Each wraps one CBLAS call; callers hold a SingleThreadedBlas while they
// run (one BLAS thread per compute thread, array/product_blas.hpp).
#pragma once

#include <cblas.h>

#include <Eigen/Core>
#include <type_traits>

#include <dtask/core/chunk.hpp>

namespace dtask::linalg::detail {

template <class T>
using Block = Eigen::Map<RowMajorMatrix<T>>;
template <class T>
using ConstBlock = Eigen::Map<const RowMajorMatrix<T>>;

inline CBLAS_TRANSPOSE op(bool transpose) { return transpose ? CblasTrans : CblasNoTrans; }

// Each wrapper calls the double or the float routine (if constexpr: only the one of T is
// instantiated). T is deduced from alpha alone, so that blocks convert to their maps.
template <class T>
using Same = std::type_identity_t<T>;

// c = alpha op(a) op(b) + beta c
template <class T>
void gemm(bool ta, bool tb, T alpha, Same<ConstBlock<T>> a, Same<ConstBlock<T>> b, Same<T> beta, Same<Block<T>> c) {
  const auto k = static_cast<int>(ta ? a.rows() : a.cols());
  const auto m = static_cast<int>(c.rows()), n = static_cast<int>(c.cols());
  const auto lda = static_cast<int>(a.cols()), ldb = static_cast<int>(b.cols());
  if constexpr (std::is_same_v<T, double>)
    cblas_dgemm(CblasRowMajor, op(ta), op(tb), m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), n);
  else
    cblas_sgemm(CblasRowMajor, op(ta), op(tb), m, n, k, alpha, a.data(), lda, b.data(), ldb, beta, c.data(), n);
}

// b = alpha op(t)^-1 b (left) or alpha b op(t)^-1 (right), t triangular.
struct Triangle {
  bool left = true, lower = true, transpose = false, unit = false;
};
template <class T>
void trsm(Triangle s, T alpha, Same<ConstBlock<T>> t, Same<Block<T>> b) {
  const CBLAS_SIDE side = s.left ? CblasLeft : CblasRight;
  const CBLAS_UPLO uplo = s.lower ? CblasLower : CblasUpper;
  const CBLAS_DIAG diag = s.unit ? CblasUnit : CblasNonUnit;
  const auto m = static_cast<int>(b.rows()), n = static_cast<int>(b.cols()), ldt = static_cast<int>(t.cols());
  if constexpr (std::is_same_v<T, double>)
    cblas_dtrsm(CblasRowMajor, side, uplo, op(s.transpose), diag, m, n, alpha, t.data(), ldt, b.data(), n);
  else
    cblas_strsm(CblasRowMajor, side, uplo, op(s.transpose), diag, m, n, alpha, t.data(), ldt, b.data(), n);
}

// The lower triangle of c = alpha a a^T + beta c.
template <class T>
void syrk_lower(T alpha, Same<ConstBlock<T>> a, Same<T> beta, Same<Block<T>> c) {
  const auto n = static_cast<int>(c.rows()), k = static_cast<int>(a.cols()), ldc = static_cast<int>(c.cols());
  if constexpr (std::is_same_v<T, double>)
    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, k, alpha, a.data(), k, beta, c.data(), ldc);
  else
    cblas_ssyrk(CblasRowMajor, CblasLower, CblasNoTrans, n, k, alpha, a.data(), k, beta, c.data(), ldc);
}

}  // namespace dtask::linalg::detail
