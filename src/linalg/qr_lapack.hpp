// Typed (float/double) column-major LAPACK and CBLAS calls of the QR and SVD kernels, on raw
// pointers with leading dimensions (the kernels work on parts of blocks). LAPACK failures
// throw dtask::LinAlgError naming the routine.
#pragma once

#include <cblas.h>

#include <complex>
#include <cstdint>
#include <dtask/core/error.hpp>
#include <string>
#include <type_traits>
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

// Each wrapper calls the double or the float routine (if constexpr: only the one of T is
// instantiated); failures name the routine called.
template <class T>
constexpr bool is_double = std::is_same_v<T, double>;
template <class T>
std::string routine(const char* name) { return (is_double<T> ? "d" : "s") + std::string(name); }
template <class T>
using Same = std::type_identity_t<T>;

// A = Q R of an m x n matrix with block size nb: Householder vectors below R, the nb x k
// triangular blocks of T in t (leading dimension ldt).
template <class T>
void geqrt(std::int64_t m, std::int64_t n, std::int64_t nb, T* a, std::int64_t lda, Same<T>* t, std::int64_t ldt) {
  const int im = to_int(m), in = to_int(n), inb = to_int(nb), ilda = to_int(lda), ildt = to_int(ldt);
  std::vector<T> work(static_cast<std::size_t>(nb * n));
  int info = 0;
  if constexpr (is_double<T>) LAPACK_dgeqrt(&im, &in, &inb, a, &ilda, t, &ildt, work.data(), &info);
  else LAPACK_sgeqrt(&im, &in, &inb, a, &ilda, t, &ildt, work.data(), &info);
  check_info(routine<T>("geqrt").c_str(), info);
}

// The singular values s (descending) and vectors of the m x n matrix a (destroyed): jobz 'S'.
template <class T>
void gesdd(std::int64_t m, std::int64_t n, T* a, std::int64_t lda, Same<T>* s, Same<T>* u, std::int64_t ldu,
           Same<T>* vt, std::int64_t ldvt) {
  const int im = to_int(m), in = to_int(n), ilda = to_int(lda), ildu = to_int(ldu), ildvt = to_int(ldvt);
  std::vector<int> iwork(static_cast<std::size_t>(8 * std::min(m, n)));
  int info = 0;
  const auto call = [&](T* work, int lwork) {
    if constexpr (is_double<T>)
      LAPACK_dgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, work, &lwork, iwork.data(), &info);
    else
      LAPACK_sgesdd("S", &im, &in, a, &ilda, s, u, &ildu, vt, &ildvt, work, &lwork, iwork.data(), &info);
    check_info(routine<T>("gesdd").c_str(), info);
  };
  T query = 0;
  call(&query, -1);  // the workspace size
  std::vector<T> work(static_cast<std::size_t>(query));
  call(work.data(), static_cast<int>(query));
}

// b = alpha op(a) b (left) or alpha b op(a) (right), a triangular; column-major.
template <class T>
void trmm(CBLAS_SIDE side, CBLAS_UPLO uplo, CBLAS_TRANSPOSE trans, CBLAS_DIAG diag, std::int64_t m, std::int64_t n,
          T alpha, const Same<T>* a, std::int64_t lda, Same<T>* b, std::int64_t ldb) {
  if constexpr (is_double<T>)
    cblas_dtrmm(CblasColMajor, side, uplo, trans, diag, to_int(m), to_int(n), alpha, a, to_int(lda), b, to_int(ldb));
  else
    cblas_strmm(CblasColMajor, side, uplo, trans, diag, to_int(m), to_int(n), alpha, a, to_int(lda), b, to_int(ldb));
}

// The upper triangle of c = alpha a^T a + beta c, a k x n (column-major), c n x n.
template <class T>
void syrk_upper_trans(std::int64_t n, std::int64_t k, T alpha, const Same<T>* a, std::int64_t lda, Same<T> beta,
                      Same<T>* c, std::int64_t ldc) {
  if constexpr (is_double<T>)
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, to_int(n), to_int(k), alpha, a, to_int(lda), beta, c, to_int(ldc));
  else
    cblas_ssyrk(CblasColMajor, CblasUpper, CblasTrans, to_int(n), to_int(k), alpha, a, to_int(lda), beta, c, to_int(ldc));
}

// c = alpha op(a) op(b) + beta c; column-major.
template <class T>
void gemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, std::int64_t m, std::int64_t n, std::int64_t k, T alpha,
          const Same<T>* a, std::int64_t lda, const Same<T>* b, std::int64_t ldb, Same<T> beta, Same<T>* c,
          std::int64_t ldc) {
  if constexpr (is_double<T>)
    cblas_dgemm(CblasColMajor, ta, tb, to_int(m), to_int(n), to_int(k), alpha, a, to_int(lda), b, to_int(ldb), beta, c,
                to_int(ldc));
  else
    cblas_sgemm(CblasColMajor, ta, tb, to_int(m), to_int(n), to_int(k), alpha, a, to_int(lda), b, to_int(ldb), beta, c,
                to_int(ldc));
}

}  // namespace dtask::linalg::detail::lapack
