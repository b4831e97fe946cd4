// Checks and conversions that the linear algebra functions share: any matrix (the QR and SVD
// family), square ones (lu, solve_triangular, solve), and right-hand sides.
#pragma once

#include <dtask/array/array.hpp>
#include <string>

namespace dtask::linalg::detail {

// a must be a matrix (2-d): throws LinAlgError naming `what`.
void check_matrix(const array::Array& a, const std::string& what);

// a must be a square matrix with equal chunks along both axes (its diagonal blocks square):
// throws LinAlgError naming `what` and, for the chunks, the rechunk that would do.
void check_square_blocks(const array::Array& a, const std::string& what);

// b must be a vector or matrix of a's rows (the right-hand side of a solve).
void check_rhs(const array::Array& a, const array::Array& b, const std::string& what);

// b with row chunks `rows` (rechunked only when they differ; its column chunks kept).
array::Array with_row_chunks(const array::Array& b, const std::vector<std::int64_t>& rows);

// a itself when float32 or float64, else converted to float64 (NumPy's linalg promotes so).
array::Array as_float(const array::Array& a);

}  // namespace dtask::linalg::detail
