#include "vector_math.hpp"

#include <immintrin.h>

#include <algorithm>
#include <cmath>

// libmvec's entry points, named by the x86-64 vector function ABI: 'd' for AVX2 with 4 lanes,
// 'e' for AVX-512 with 8.
extern "C" {
__m256d _ZGVdN4v_sin(__m256d);
__m256d _ZGVdN4v_cos(__m256d);
__m512d _ZGVeN8v_sin(__m512d);
__m512d _ZGVeN8v_cos(__m512d);
}

namespace dtask::array::detail {

namespace {

using ArrayFunction = void (*)(const double*, double*, std::int64_t);

__attribute__((target("avx2,fma"))) void apply_avx2(__m256d (*f)(__m256d), const double* x, double* y,
                                                    std::int64_t n) {
  std::int64_t i = 0;
  for (; i + 4 <= n; i += 4) _mm256_storeu_pd(y + i, f(_mm256_loadu_pd(x + i)));
  if (i == n) return;
  double tail[4] = {};
  std::copy(x + i, x + n, tail);
  _mm256_storeu_pd(tail, f(_mm256_loadu_pd(tail)));
  std::copy(tail, tail + (n - i), y + i);
}

__attribute__((target("avx512f"))) void apply_avx512(__m512d (*f)(__m512d), const double* x, double* y,
                                                     std::int64_t n) {
  std::int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm512_storeu_pd(y + i, f(_mm512_loadu_pd(x + i)));
  if (i == n) return;
  double tail[8] = {};
  std::copy(x + i, x + n, tail);
  _mm512_storeu_pd(tail, f(_mm512_loadu_pd(tail)));
  std::copy(tail, tail + (n - i), y + i);
}

void sin_avx512(const double* x, double* y, std::int64_t n) { apply_avx512(_ZGVeN8v_sin, x, y, n); }
void cos_avx512(const double* x, double* y, std::int64_t n) { apply_avx512(_ZGVeN8v_cos, x, y, n); }
void sin_avx2(const double* x, double* y, std::int64_t n) { apply_avx2(_ZGVdN4v_sin, x, y, n); }
void cos_avx2(const double* x, double* y, std::int64_t n) { apply_avx2(_ZGVdN4v_cos, x, y, n); }
void sin_scalar(const double* x, double* y, std::int64_t n) { std::transform(x, x + n, y, [](double v) { return std::sin(v); }); }
void cos_scalar(const double* x, double* y, std::int64_t n) { std::transform(x, x + n, y, [](double v) { return std::cos(v); }); }

struct Kernels {
  ArrayFunction sin, cos;
};

Kernels for_this_cpu() {
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return {sin_avx512, cos_avx512};
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return {sin_avx2, cos_avx2};
  return {sin_scalar, cos_scalar};
}

const Kernels& kernels() {
  static const Kernels chosen = for_this_cpu();
  return chosen;
}

}  // namespace

void sin_float64(const double* x, double* y, std::int64_t n) { kernels().sin(x, y, n); }
void cos_float64(const double* x, double* y, std::int64_t n) { kernels().cos(x, y, n); }

}  // namespace dtask::array::detail
