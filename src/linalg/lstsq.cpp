// lstsq: x = R^-1 Q^T b through tsqr, with Dask's residuals, rank and singular values.
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/reductions.hpp>
#include <dtask/array/slicing.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/lstsq.hpp>
#include <dtask/linalg/qr.hpp>
#include <limits>

#include "../array/product_blas.hpp"
#include "blas.hpp"
#include "qr_kernels.hpp"
#include "tsqr_tree.hpp"

namespace dtask::linalg {

namespace {

// R^-1 y for one block of Q^T b; a zero on R's diagonal is a LinAlgError, as SciPy's.
Chunk solve_with_r(const Chunk& r, const Chunk& y) {
  return visit_dtype(r.dtype(), [&](auto tag) -> Chunk {
    using T = typename decltype(tag)::type;
    if constexpr (std::is_floating_point_v<T>) {
      const auto rm = r.matrix<T>();
      for (Eigen::Index i = 0; i < rm.rows(); ++i) {
        if (rm(i, i) == T(0)) {
          DTASK_THROW(LinAlgError, "lstsq: matrix is rank deficient: R(" + std::to_string(i) +
                                       ", " + std::to_string(i) + ") is zero");
        }
      }
      Chunk x = y.astype(r.dtype()).copy();
      const array::detail::SingleThreadedBlas single;
      detail::trsm(detail::Triangle{.left = true, .lower = false}, T(1), rm, x.matrix<T>());
      return x;
    } else {
      DTASK_THROW(TypeError, "lstsq needs float blocks");
    }
  });
}

// NumPy's matrix_rank of an n x n matrix from its singular values: those above s_max n eps.
Chunk rank_of(const Chunk& s) {
  return visit_dtype(s.dtype(), [&](auto tag) -> Chunk {
    using T = typename decltype(tag)::type;
    const auto values = s.flat<T>();
    std::int64_t rank = 0;
    if (values.size() > 0) {
      const double tolerance = static_cast<double>(values.maxCoeff()) *
                               static_cast<double>(values.size()) *
                               static_cast<double>(std::numeric_limits<T>::epsilon());
      for (Eigen::Index i = 0; i < values.size(); ++i)
        rank += static_cast<double>(values[i]) > tolerance ? 1 : 0;
    }
    return Chunk::scalar(rank);
  });
}

const Function& solve_with_r_function = register_function("linalg.lstsq_solve", &solve_with_r);
const Function& rank_of_function = register_function("linalg.lstsq_rank", &rank_of);

}  // namespace

LeastSquares lstsq(const array::Array& a_input, const array::Array& b_input) {
  detail::check_tsqr_input(a_input, "lstsq");
  const std::int64_t m = a_input.shape()[0], n = a_input.shape()[1];
  if (b_input.ndim() < 1 || b_input.ndim() > 2 || b_input.shape()[0] != m) {
    DTASK_THROW(LinAlgError, "lstsq: b must have " + std::to_string(m) + " rows, as a " +
                                 to_string(a_input.shape()) +
                                 ", and 1 or 2 dimensions, not shape " +
                                 to_string(b_input.shape()));
  }
  const DType dtype = a_input.dtype() == DType::float32 && b_input.dtype() == DType::float32
                          ? DType::float32
                          : DType::float64;
  const array::Array a = a_input.astype(dtype), b = b_input.astype(dtype);
  const QR f = tsqr(a);
  const array::Array y = f.q.T().dot(b);  // n or n x k, one chunk along axis 0
  const array::Array x =
      array::make_array("lstsq-solve", dtype, y.chunks(), {f.r, y}, [&](const Shape& block) {
        return Task(solve_with_r_function, {f.r.key({0, 0}), y.key(block)});
      });
  const array::Array difference = b - a.dot(x);
  const array::Array residuals = (difference * difference).sum({0}, {.keepdims = b.ndim() == 1});
  const array::Array packed =
      array::make_array("lstsq-svd", dtype, {{2 * n + 1}, {n}}, {f.r}, [&](const Shape&) {
        return Task(detail::svd_of_small_function(), {f.r.key({0, 0})});
      });
  const array::Array s = packed[{2 * n}];
  const array::Array rank =
      array::make_array("lstsq-rank", DType::int64, {}, {s},
                        [&](const Shape&) { return Task(rank_of_function, {s.key({0})}); });
  return LeastSquares{x, residuals, rank, s};
}

}  // namespace dtask::linalg
