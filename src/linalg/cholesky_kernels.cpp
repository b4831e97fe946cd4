#include "cholesky_kernels.hpp"

#include <lapack.h>

#include <algorithm>
#include <type_traits>
#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>

#include "../array/product_blas.hpp"
#include "on_float.hpp"

namespace dtask::linalg::detail {

namespace {

// A row-major block is the column-major transpose of itself: potrf 'U' on the column-major view
// leaves U with A^T = U^T U in the view's upper triangle, i.e. the row-major lower factor
// L = U^T of A = L L^T, in place and without LAPACKE's row-major copies. The Fortran routines
// are called directly: OpenBLAS exports them (its own potrf), but not LAPACKE here.
template <class T>
lapack_int potrf_upper_column_major(T* a, lapack_int n) {
  lapack_int info = 0, lda = std::max<lapack_int>(n, 1);
  if constexpr (std::is_same_v<T, double>) LAPACK_dpotrf("U", &n, a, &lda, &info);
  else LAPACK_spotrf("U", &n, a, &lda, &info);
  return info;
}

Chunk potrf_block(const Chunk& block, std::int64_t offset) {
  if (block.ndim() != 2 || block.shape()[0] != block.shape()[1]) {
    DTASK_THROW(LinAlgError, "potrf needs a square block, not shape " + to_string(block.shape()));
  }
  return on_float(block.dtype(), [&]<class T>(T) {
    Chunk out = block.copy();
    const array::detail::SingleThreadedBlas single;
    const lapack_int info = potrf_upper_column_major(out.data<T>(), static_cast<lapack_int>(block.shape()[0]));
    if (info > 0) {
      DTASK_THROW(LinAlgError, "matrix is not positive definite: the leading minor of order " +
                                   std::to_string(offset + info) + " is not positive");
    }
    if (info < 0) DTASK_THROW(LinAlgError, "potrf: argument " + std::to_string(-info) + " is invalid");
    out.matrix<T>().template triangularView<Eigen::StrictlyUpper>().setZero();
    return out;
  });
}

const Function& potrf_registered = register_function("linalg.potrf", &potrf_block, "potrf");

}  // namespace

const Function& potrf_function() { return potrf_registered; }

}  // namespace dtask::linalg::detail
