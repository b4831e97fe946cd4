// The arrays of one blocked LU (lu.hpp), for lu() and for solve(), which permutes b by the row
// order instead of multiplying by p.
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg::detail {

struct LuFactors {
  array::Array perm;  // int64, a's row chunks: row r of p^T a is row perm[r] of a
  array::Array p, l, u;
};

// Checks a (square, equal chunks on both axes; a LinAlgError otherwise) and builds the graph.
LuFactors lu_factors(const array::Array& a);

}  // namespace dtask::linalg::detail
