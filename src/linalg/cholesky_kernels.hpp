// The task function that factors one diagonal block of a blocked Cholesky (LAPACK potrf):
//
//   potrf(block, offset): the lower factor L of a symmetric positive definite block (only its
//   lower triangle is read), with exact zeros above the diagonal.
//
// offset is the block's first row in the whole matrix, so that a block that is not positive
// definite throws LinAlgError naming the leading minor of the WHOLE matrix that is not:
// "matrix is not positive definite: the leading minor of order 1234 is not positive".
#pragma once

#include <dtask/core/function.hpp>

namespace dtask::linalg::detail {

const Function& potrf_function();

}  // namespace dtask::linalg::detail
