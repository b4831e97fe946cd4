// norm: vector and matrix norms, as numpy.linalg.norm and dask.array.linalg.norm.
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto x = da::random::random({100000, 500}, {10000, 500});
//   double fro = la::norm(x).compute().item<double>();          // Frobenius (0-d result)
//   auto columns = la::norm(x, 1, 0);                            // 1-norm of each column
//   auto two = la::norm(x, 2);                                   // largest singular value
//   auto rows = la::norm(x, la::Ord::inf, 1, /*keepdims=*/true); // shape (100000, 1)
//
// ord: none (the default), a number p (vector norms: any p, 0 counts non-zeros, +-inf take the
// largest or smallest |x|; matrix norms: 1, -1, 2, -2, inf, -inf), or "fro" and "nuc".
// axis: none (the whole array: a vector norm of a 1-d array, a matrix norm of a 2-d one, and
// with ord none the 2-norm of the flattened array of any dimension), one axis (vector norms
// along it) or two (matrix norms over them). keepdims keeps the reduced axes with extent 1.
//
// The result is lazy, built from dtask's reductions and elementwise operations (one task per
// chunk fused with whatever made it, then reduction trees): the same bits at any number of
// ranks. Its dtype is float32 for float32 input and float64 otherwise (int64 and bool are
// converted first, as NumPy).
//
// Matrix norms 2, -2 and "nuc" need singular values: they are the square roots of the
// eigenvalues of the Gram matrix x^T x (or x x^T, whichever is smaller), computed with dtask's
// product and solved by LAPACK in one task. That takes a 2-d array whose smaller side is at
// most 10000 (a ValueError otherwise). Through the Gram matrix, singular values below about
// 1e-8 of the largest (float64) lose their relative accuracy: -2 of an ill-conditioned matrix
// and "nuc" of a nearly rank-deficient one are accurate only to about 1e-8 of the largest.
//
// Bad ord or axis values throw dtask::ValueError when the expression is built, with NumPy's
// messages ("Invalid norm order 'nuc' for vectors", "Improper number of dimensions to norm.").
#pragma once

#include <concepts>
#include <limits>
#include <string>

#include <dtask/array/array.hpp>

namespace dtask::linalg {

// The order of a norm: none (NumPy's None), a number, or a name ("fro", "nuc").
class Ord {
 public:
  static constexpr double inf = std::numeric_limits<double>::infinity();

  Ord() = default;
  template <class T>
    requires std::is_arithmetic_v<T>
  Ord(T p) : number_(static_cast<double>(p)), kind_(Kind::number) {}  // NOLINT(google-explicit-constructor)
  Ord(const char* name) : Ord(std::string(name)) {}                    // NOLINT(google-explicit-constructor)
  Ord(std::string name);                                               // NOLINT(google-explicit-constructor)

  bool none() const noexcept { return kind_ == Kind::none; }
  bool is_number() const noexcept { return kind_ == Kind::number; }
  double number() const noexcept { return number_; }
  const std::string& name() const noexcept { return name_; }
  std::string str() const;  // as NumPy prints it in messages: 2, inf, 'fro'

 private:
  enum class Kind { none, number, name };
  double number_ = 0;
  std::string name_;
  Kind kind_ = Kind::none;
};

// axis: no axes (the default) is NumPy's None; one axis or two (Axes{0, 1}).
array::Array norm(const array::Array& x, const Ord& ord = {}, const array::Axes& axis = {}, bool keepdims = false);

// One axis as a plain integer: norm(x, 1, 0).
template <std::integral I>
array::Array norm(const array::Array& x, const Ord& ord, I axis, bool keepdims = false) {
  return norm(x, ord, array::Axes{static_cast<int>(axis)}, keepdims);
}

}  // namespace dtask::linalg
