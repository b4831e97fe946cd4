// Typed (float/double) column-major LAPACK and CBLAS calls of the QR and SVD kernels, on raw
// pointers with leading dimensions (the kernels work on parts of blocks). LAPACK failures
// throw dtask::LinAlgError naming the routine.
#pragma once

#include <cblas.h>

#include <complex>
#include <cstdint>
#include <dtask/core/error.hpp>
#include <string>
#include <vector>

#define lapack_complex_float std::complex<float>
#define lapack_complex_double std::complex<double>
#include <lapack.h>

namespace dtask::linalg::detail::lapack {

inline int to_int(std::int64_t v) { return static_cast<int>(v); }

inline void check_info(const char* routine, int info) {
  if (info < 0)
    DTASK_THROW(LinAlgError,
                std::string(routine) + ": argument " + std::to_string(-info) + " is invalid");
  if (info > 0) DTASK_THROW(LinAlgError, std::string(routine) + " did not converge");
}

// A = Q R of an m x n matrix with block size nb: Householder vectors below R, the nb x k
// triangular blocks of T in t (leading dimension ldt).
inline void geqrt(std::int64_t m, std::int64_t n, std::int64_t nb, double* a, std::int64_t lda,
                  double* t, std::int64_t ldt) {
  const int im = to_int(m), in = to_int(n), inb = to_int(nb), ilda = to_int(lda),
            ildt = to_int(ldt);
  std::vector<double> work(static_cast<std::size_t>(nb * n));
  int info = 0;
  LAPACK_dgeqrt(&im, &in, &inb, a, &ilda, t, &ildt, work.data(), &info);
  check_info("dgeqrt", info);
}
inline void geqrt(std::int64_t m, std::int64_t n, std::int64_t nb, float* a, std::int64_t lda,
                  float* t, std::int64_t ldt) {
  const int im = to_int(m), in = to_int(n), inb = to_int(nb), ilda = to_int(lda),
            ildt = to_int(ldt);
  std::vector<float> work(static_cast<std::size_t>(nb * n));
  int info = 0;
  LAPACK_sgeqrt(&im, &in, &inb, a, &ilda, t, &ildt, work.data(), &info);
  check_info("sgeqrt", info);
}

// The singular values s (descending) and vectors of the m x n matrix a (destroyed): jobz 'S'.
inline void gesdd(std::int64_t m, std::int64_t n, double* a, std::int64_t lda, double* s, double* u,
                  std::int64_t ldu, double* vt, std::int64_t ldvt) {
  const int im = to_int(m), in = to_int(n), ilda = to_int(lda), ildu = to_int(ldu),
            ildvt = to_int(ldvt);
  std::vector<int> iwork(static_cast<std::size_t>(8 * std::min(m, n)));
  int lwork = -1, info = 0;
  double query = 0;
  LAPACK_dgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, &query, &lwork, iwork.data(),
                &info);
  check_info("dgesdd", info);
  lwork = static_cast<int>(query);
  std::vector<double> work(static_cast<std::size_t>(lwork));
  LAPACK_dgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, work.data(), &lwork, iwork.data(),
                &info);
  check_info("dgesdd", info);
}
inline void gesdd(std::int64_t m, std::int64_t n, float* a, std::int64_t lda, float* s, float* u,
                  std::int64_t ldu, float* vt, std::int64_t ldvt) {
  const int im = to_int(m), in = to_int(n), ilda = to_int(lda), ildu = to_int(ldu),
            ildvt = to_int(ldvt);
  std::vector<int> iwork(static_cast<std::size_t>(8 * std::min(m, n)));
  int lwork = -1, info = 0;
  float query = 0;
  LAPACK_sgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, &query, &lwork, iwork.data(),
                &info);
  check_info("sgesdd", info);
  lwork = static_cast<int>(query);
  std::vector<float> work(static_cast<std::size_t>(lwork));
  LAPACK_sgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, work.data(), &lwork, iwork.data(),
                &info);
  check_info("sgesdd", info);
}

// b = alpha op(a) b (left) or alpha b op(a) (right), a triangular; column-major.
inline void trmm(CBLAS_SIDE side, CBLAS_UPLO uplo, CBLAS_TRANSPOSE trans, CBLAS_DIAG diag,
                 std::int64_t m, std::int64_t n, double alpha, const double* a, std::int64_t lda,
                 double* b, std::int64_t ldb) {
  cblas_dtrmm(CblasColMajor, side, uplo, trans, diag, to_int(m), to_int(n), alpha, a, to_int(lda),
              b, to_int(ldb));
}
inline void trmm(CBLAS_SIDE side, CBLAS_UPLO uplo, CBLAS_TRANSPOSE trans, CBLAS_DIAG diag,
                 std::int64_t m, std::int64_t n, float alpha, const float* a, std::int64_t lda,
                 float* b, std::int64_t ldb) {
  cblas_strmm(CblasColMajor, side, uplo, trans, diag, to_int(m), to_int(n), alpha, a, to_int(lda),
              b, to_int(ldb));
}

// The upper triangle of c = alpha a^T a + beta c, a k x n (column-major), c n x n.
inline void syrk_upper_trans(std::int64_t n, std::int64_t k, double alpha, const double* a,
                             std::int64_t lda, double beta, double* c, std::int64_t ldc) {
  cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, to_int(n), to_int(k), alpha, a, to_int(lda),
              beta, c, to_int(ldc));
}
inline void syrk_upper_trans(std::int64_t n, std::int64_t k, float alpha, const float* a,
                             std::int64_t lda, float beta, float* c, std::int64_t ldc) {
  cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, to_int(n), to_int(k), alpha, a, to_int(lda),
              beta, c, to_int(ldc));
}

// c = alpha op(a) op(b) + beta c; column-major.
inline void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, std::int64_t m, std::int64_t n,
                 std::int64_t k, double alpha, const double* a, std::int64_t lda, const double* b,
                 std::int64_t ldb, double beta, double* c, std::int64_t ldc) {
  cblas_dgemm(CblasColMajor, ta, tb, to_int(m), to_int(n), to_int(k), alpha, a, to_int(lda), b,
              to_int(ldb), beta, c, to_int(ldc));
}
inline void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, std::int64_t m, std::int64_t n,
                 std::int64_t k, float alpha, const float* a, std::int64_t lda, const float* b,
                 std::int64_t ldb, float beta, float* c, std::int64_t ldc) {
  cblas_sgemm(CblasColMajor, ta, tb, to_int(m), to_int(n), to_int(k), alpha, a, to_int(lda), b,
              to_int(ldb), beta, c, to_int(ldc));
}

}  // namespace dtask::linalg::detail::lapack
