#include "square_blocks.hpp"

#include <algorithm>

#include <dtask/core/error.hpp>

namespace dtask::linalg::detail {

void check_matrix(const array::Array& a, const std::string& what) {
  if (a.ndim() != 2) DTASK_THROW(LinAlgError, what + " needs a matrix (2-d array), not shape " + to_string(a.shape()));
}

void check_square_blocks(const array::Array& a, const std::string& what) {
  if (a.ndim() != 2 || a.shape()[0] != a.shape()[1]) {
    DTASK_THROW(LinAlgError, what + " needs a square matrix, not shape " + to_string(a.shape()));
  }
  if (a.chunks()[0] != a.chunks()[1]) {
    const auto& rows = a.chunks()[0];
    const std::string size =
        std::to_string(rows.empty() ? 0 : *std::max_element(rows.begin(), rows.end()));
    DTASK_THROW(LinAlgError,
                what + " needs square diagonal blocks: chunks along both axes must be equal, not " +
                    array::to_string(a.chunks()) + "; rechunk to {" + size + ", " + size + "}");
  }
}

void check_rhs(const array::Array& a, const array::Array& b, const std::string& what) {
  if (b.ndim() < 1 || b.ndim() > 2 || b.shape()[0] != a.shape()[0]) {
    DTASK_THROW(LinAlgError, what + " needs b of " + std::to_string(a.shape()[0]) +
                                 " rows (a vector or a matrix) for a of shape " +
                                 to_string(a.shape()) + ", not shape " + to_string(b.shape()));
  }
}

array::Array with_row_chunks(const array::Array& b, const std::vector<std::int64_t>& rows) {
  if (b.chunks()[0] == rows) return b;
  array::Chunks wanted = b.chunks();
  wanted[0] = rows;
  return b.rechunk(array::ChunkSpec(wanted));
}

array::Array as_float(const array::Array& a) {
  return is_floating(a.dtype()) ? a : a.astype(DType::float64);
}

}  // namespace dtask::linalg::detail
