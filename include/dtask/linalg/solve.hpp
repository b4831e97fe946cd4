// Linear systems and inverses, as dask.array.linalg.solve and inv (scipy.linalg.solve's
// assume_a).
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto a = da::random::random({6000, 6000}, {750, 750}, /*seed=*/1);
//   auto b = da::random::random({6000}, {750}, /*seed=*/2);
//   auto x = la::solve(a, b);                  // a x = b, by LU with partial pivoting
//   auto y = la::solve(spd, b, la::Assume::positive_definite);  // by Cholesky, half the flops
//   auto a_inv = la::inv(a);                   // solve(a, identity)
//
// solve(a, b, Assume::general): lu(a) (lu.hpp), then b's rows in p's order (gathered on the
// workers, no product with p), then the two triangular solves (triangular.hpp). b is a vector
// or a matrix of a's rows, rechunked to a's row chunks when they differ; x has b's shape and
// the dtype a and b promote to (float32 or float64). A singular a fails the computation with
// "matrix is singular: U(K, K) is zero". Assume::positive_definite factors a = L L^T
// (cholesky.hpp) and solves L y = b, L^T x = y; an a that is not positive definite fails with
// "matrix is not positive definite". An a that is not square or whose chunks differ along its
// axes is a LinAlgError when the expression is built.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

// What solve may assume of a (scipy.linalg.solve's assume_a).
enum class Assume {
  general,            // any square a: LU with partial pivoting ("gen")
  positive_definite,  // symmetric positive definite a: Cholesky ("pos")
};

array::Array solve(const array::Array& a, const array::Array& b, Assume assume_a = Assume::general);

// a^-1 = solve(a, identity in a's chunks).
array::Array inv(const array::Array& a);

}  // namespace dtask::linalg
