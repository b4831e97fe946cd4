// Cholesky factorisation of a symmetric positive definite matrix, as dask.array.linalg.cholesky:
// the upper factor U with a = U^T U (lower = false, Dask's and SciPy's default), or the lower
// factor L with a = L L^T.
//
//   namespace da = dtask::array;
//   da::Array a = da::from_hdf5("spd.h5", "/A", {1000, 1000});
//   da::Array l = dtask::linalg::cholesky(a, /*lower=*/true);
//   da::to_hdf5("l.h5", "/L", l);
//
// a must be square with the same chunks along both axes (square diagonal blocks; a ragged last
// chunk is fine), else LinAlgError says which rechunk would do. Only a's lower triangle is read.
// A matrix that is not positive definite fails when it runs: compute() throws a TaskError
// naming the leading minor that is not positive. float32 stays float32; other dtypes become
// float64. The factor's blocks on the other side of the diagonal are exact zeros.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

array::Array cholesky(const array::Array& a, bool lower = false);

}  // namespace dtask::linalg
