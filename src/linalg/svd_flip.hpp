// Dask's svd_flip on v: the signs of singular pairs that make each row of v sum to >= 0, applied
// to u's columns and v's rows on the workers (a reduction of v and two broadcasts, no
// gathering).
#pragma once

#include <dtask/array/elementwise.hpp>
#include <dtask/array/reductions.hpp>
#include <dtask/linalg/svd.hpp>

namespace dtask::linalg::detail {

inline SVD flip_signs(const SVD& f) {
  const array::Array signs = array::where(f.v.sum(1) < 0, -1.0, 1.0).astype(f.v.dtype());
  const std::int64_t k = f.v.shape()[0];
  return SVD{f.u * signs, f.s, f.v * signs.reshape({k, 1})};
}

}  // namespace dtask::linalg::detail
