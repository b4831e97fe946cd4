#include <dtask/linalg/solve.hpp>

#include <dtask/array/creation.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/cholesky.hpp>
#include <dtask/linalg/triangular.hpp>

#include "lu_factors.hpp"
#include "lu_kernels.hpp"
#include "square_blocks.hpp"

namespace dtask::linalg {

namespace {

using array::Array;

// p^T b: block (i, c) gathers the rows perm(i) of b's block column c.
Array permute_rows(const Array& b, const Array& perm) {
  return array::make_array(
      "permute_rows", b.dtype(), b.chunks(), {b, perm}, [&](const Shape& block) {
        KeyList column;
        for (std::int64_t r = 0; r < b.numblocks()[0]; ++r) {
          column.push_back(b.ndim() == 2 ? b.key({r, block[1]}) : b.key({r}));
        }
        return Task(detail::gather_rows_function(), {perm.key({block[0]}), std::move(column)});
      });
}

Array solve_general(const Array& a, const Array& b) {
  const detail::LuFactors f = detail::lu_factors(a);
  const Array y =
      solve_triangular(f.l, permute_rows(detail::with_row_chunks(b, f.perm.chunks()[0]), f.perm),
                       /*lower=*/true, {.unit_diagonal = true});
  return solve_triangular(f.u, y, /*lower=*/false);
}

}  // namespace

Array solve(const Array& a_in, const Array& b_in, Assume assume_a) {
  detail::check_square_blocks(a_in, "solve");
  detail::check_rhs(a_in, b_in, "solve");
  const DType dtype = promote_types(detail::as_float(a_in).dtype(), detail::as_float(b_in).dtype());
  const Array a = a_in.dtype() == dtype ? a_in : a_in.astype(dtype);
  const Array b = b_in.dtype() == dtype ? b_in : b_in.astype(dtype);
  switch (assume_a) {
    case Assume::general:
      return solve_general(a, b);
    case Assume::positive_definite: {
      const Array l = cholesky(a, /*lower=*/true);
      return solve_triangular(l, solve_triangular(l, b, /*lower=*/true), /*lower=*/true, {.trans = true});
    }
  }
  DTASK_THROW(ValueError, "unknown assume_a " + std::to_string(static_cast<int>(assume_a)));
}

Array inv(const Array& a) {
  detail::check_square_blocks(a, "inv");
  const Array square = detail::as_float(a);
  return solve(square, array::eye(a.shape()[0], array::ChunkSpec(a.chunks()), std::nullopt, 0,
                                  square.dtype()));
}

}  // namespace dtask::linalg
