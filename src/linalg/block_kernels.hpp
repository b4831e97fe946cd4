// Task functions on blocks that every blocked algorithm shares (float32 and float64; the
// blocks of one call have one dtype). Each returns a new block; inputs are never changed,
// because a block may be read by other tasks or still be stored on its worker.
//
//   gemm_update(c, a, b, transpose_a, transpose_b):  c - op(a) op(b)
//   trsm(t, b, left, lower, transpose, unit): op(t)^-1 b, or b op(t)^-1
//   syrk_update(c, a):                  c - a a^T (c symmetric; both triangles written)
//
// Flags are passed as bools (literal Values). Calls run with one BLAS thread per compute thread.
#pragma once

#include <dtask/core/function.hpp>

namespace dtask::linalg::detail {

const Function& gemm_update_function();
const Function& trsm_function();
const Function& syrk_update_function();

}  // namespace dtask::linalg::detail
