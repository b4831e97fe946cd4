#include <dtask/linalg/norm.hpp>

#include <lapack.h>

#include <algorithm>
#include <cmath>
#include <dtask/array/copy_region.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/reductions.hpp>
#include <sstream>

#include "../array/product_blas.hpp"

namespace dtask::linalg {

namespace da = dtask::array;

namespace {

// The largest smaller side whose Gram matrix the singular-value norms solve in one task.
constexpr std::int64_t max_gram_side = 10000;

enum class Singular : std::int64_t { largest = 2, smallest = -2, sum = 0 };

// The norm of the singular values of a matrix from the blocks of its Gram matrix (all of them,
// in flat block order, each side cut into chunk_sizes): the square roots of the eigenvalues.
// LAPACK's dsyev (blocked tridiagonalisation, eigenvalues only) on a float64 copy: faster than
// Eigen's unblocked solver for the larger Gram matrices.
Chunk singular_value_norm(const std::vector<const Chunk*>& blocks, const Shape& chunk_sizes, std::int64_t kind,
                          const Shape& out_shape) {
  const DType dtype = blocks.front()->dtype();
  const Chunk gram = da::assemble_blocks(dtype, {chunk_sizes, chunk_sizes}, blocks);
  Eigen::MatrixXd g = gram.to_matrix<double>();
  Eigen::VectorXd eigenvalues(g.rows());
  // The Fortran routine (OpenBLAS exports LAPACK's, not LAPACKE's): a workspace query, then the
  // eigenvalues only ('N'); symmetric, so the storage order does not matter.
  const lapack_int order = static_cast<lapack_int>(g.rows());
  lapack_int info = 0, query = -1;
  double work_size = 0;
  {
    const da::detail::SingleThreadedBlas single;
    LAPACK_dsyev("N", "L", &order, g.data(), &order, eigenvalues.data(), &work_size, &query, &info);
    std::vector<double> work(static_cast<std::size_t>(work_size));
    lapack_int lwork = static_cast<lapack_int>(work.size());
    LAPACK_dsyev("N", "L", &order, g.data(), &order, eigenvalues.data(), work.data(), &lwork, &info);
  }
  if (info != 0) DTASK_THROW(LinAlgError, "norm: the symmetric eigenvalue solver did not converge");
  // Ascending; rounding can make the smallest slightly negative.
  const Eigen::ArrayXd singular = eigenvalues.array().max(0.0).sqrt();
  double value = 0;
  switch (static_cast<Singular>(kind)) {
    case Singular::largest: value = singular(singular.size() - 1); break;
    case Singular::smallest: value = singular(0); break;
    case Singular::sum: value = singular.sum(); break;
  }
  Chunk out(dtype, out_shape);
  if (dtype == DType::float32) *out.data<float>() = static_cast<float>(value);
  else *out.data<double>() = value;
  return out;
}

const Function& singular_value_norm_function = register_function("linalg.singular_value_norm", &singular_value_norm);

// 2, -2 or "nuc" of a 2-d array, from the eigenvalues of its smaller Gram matrix.
da::Array singular_norm(const da::Array& x, Singular kind, const Ord& ord, bool keepdims) {
  if (x.ndim() != 2) {
    DTASK_THROW(ValueError, "norm with ord=" + ord.str() + " takes a 2-d array, not one of shape " +
                                to_string(x.shape()));
  }
  const std::int64_t rows = x.shape()[0], cols = x.shape()[1];
  if (rows == 0 || cols == 0) {
    DTASK_THROW(ValueError, "norm with ord=" + ord.str() + " of an empty matrix of shape " + to_string(x.shape()));
  }
  if (std::min(rows, cols) > max_gram_side) {
    DTASK_THROW(ValueError, "norm with ord=" + ord.str() + " solves the Gram matrix of the smaller side, which must be at most " +
                                std::to_string(max_gram_side) + ", not " + std::to_string(std::min(rows, cols)) +
                                " (shape " + to_string(x.shape()) + ")");
  }
  const da::Array gram = rows >= cols ? x.T().dot(x) : x.dot(x.T());
  const Shape out_shape = keepdims ? Shape{1, 1} : Shape{};
  const da::Chunks out_chunks = keepdims ? da::Chunks{{1}, {1}} : da::Chunks{};
  const KeyList blocks = gram.keys();
  return da::make_array("norm-singular", x.dtype(), out_chunks, {gram}, [&](const Shape&) {
    return Task(singular_value_norm_function,
                {blocks, Value(gram.chunks()[0]), Value(static_cast<std::int64_t>(kind)), Value(out_shape)});
  });
}

da::Array vector_norm(const da::Array& x, const Ord& ord, int axis, bool keepdims) {
  const da::Axes axes{axis};
  const da::ReduceOptions o{.keepdims = keepdims};
  if (!ord.none() && !ord.is_number()) DTASK_THROW(ValueError, "Invalid norm order " + ord.str() + " for vectors");
  const double p = ord.none() ? 2 : ord.number();
  if (p == Ord::inf) return da::max(da::abs(x), axes, o);
  if (p == -Ord::inf) return da::min(da::abs(x), axes, o);
  if (p == 0) return da::sum(da::astype(x != 0, x.dtype()), axes, o);
  if (p == 1) return da::sum(da::abs(x), axes, o);
  if (p == 2) return da::sqrt(da::sum(da::square(x), axes, o));
  return da::power(da::sum(da::power(da::abs(x), p), axes, o), 1.0 / p);
}

// The largest or smallest over `outer` of the sums of |x| over `inner` (matrix 1 and inf norms).
da::Array extreme_of_sums(const da::Array& x, int inner, int outer, bool largest, bool keepdims) {
  // Without keepdims the inner sum removes its axis, so an outer axis after it moves down one.
  if (!keepdims && outer > inner) --outer;
  const da::Array sums = da::sum(da::abs(x), da::Axes{inner}, {.keepdims = keepdims});
  const da::ReduceOptions o{.keepdims = keepdims};
  return largest ? da::max(sums, da::Axes{outer}, o) : da::min(sums, da::Axes{outer}, o);
}

da::Array matrix_norm(const da::Array& x, const Ord& ord, int row_axis, int col_axis, bool keepdims) {
  if (row_axis == col_axis) DTASK_THROW(ValueError, "Duplicate axes given.");
  if (ord.none() || ord.name() == "fro") {
    return da::sqrt(da::sum(da::square(x), da::Axes{row_axis, col_axis}, {.keepdims = keepdims}));
  }
  if (ord.name() == "nuc") return singular_norm(x, Singular::sum, ord, keepdims);
  if (ord.is_number()) {
    const double p = ord.number();
    if (p == 2) return singular_norm(x, Singular::largest, ord, keepdims);
    if (p == -2) return singular_norm(x, Singular::smallest, ord, keepdims);
    if (p == 1 || p == -1) return extreme_of_sums(x, row_axis, col_axis, p > 0, keepdims);
    if (p == Ord::inf || p == -Ord::inf) return extreme_of_sums(x, col_axis, row_axis, p > 0, keepdims);
  }
  DTASK_THROW(ValueError, "Invalid norm order " + ord.str() + " for matrices.");
}

}  // namespace

Ord::Ord(std::string name) : name_(std::move(name)), kind_(Kind::name) {
  if (name_ != "fro" && name_ != "nuc") {
    DTASK_THROW(ValueError, "Invalid norm order '" + name_ + "': the named orders are 'fro' and 'nuc'");
  }
}

std::string Ord::str() const {
  if (kind_ == Kind::none) return "None";
  if (kind_ == Kind::name) return "'" + name_ + "'";
  if (std::isinf(number_)) return number_ > 0 ? "inf" : "-inf";
  std::ostringstream s;
  s << number_;
  return s.str();
}

da::Array norm(const da::Array& x_in, const Ord& ord, const da::Axes& axis, bool keepdims) {
  const da::Array x = is_floating(x_in.dtype()) ? x_in : x_in.astype(DType::float64);
  const int ndim = static_cast<int>(x.ndim());
  if (axis.empty()) {
    // The 2-norm of the flattened array, whatever its dimension (no axes: every axis).
    if (ord.none()) return da::sqrt(da::sum(da::square(x), {}, {.keepdims = keepdims}));
    if (ndim == 1) return vector_norm(x, ord, 0, keepdims);
    if (ndim == 2) return matrix_norm(x, ord, 0, 1, keepdims);
    DTASK_THROW(ValueError, "Improper number of dimensions to norm.");
  }
  if (axis.size() == 1) return vector_norm(x, ord, da::normalize_axis(axis[0], x.ndim()), keepdims);
  if (axis.size() == 2) {
    return matrix_norm(x, ord, da::normalize_axis(axis[0], x.ndim()), da::normalize_axis(axis[1], x.ndim()), keepdims);
  }
  DTASK_THROW(ValueError, "Improper number of dimensions to norm.");
}

}  // namespace dtask::linalg
