// svd_compressed: randomised range finding with power iterations (Halko, Martinsson and Tropp,
// 2011), as Dask's; every product runs on the workers, only l x l and l x n pieces are small.
#include <dtask/array/creation.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/slicing.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/qr.hpp>
#include <dtask/linalg/svd.hpp>

#include "square_blocks.hpp"
#include "svd_flip.hpp"
#include "tsqr_tree.hpp"

namespace dtask::linalg {

namespace {

// Dask's compression_level: at least 20 columns, k + oversamples, at most min(m, n).
std::int64_t compression_level(std::int64_t min_extent, std::int64_t k, std::int64_t oversamples) {
  return std::min(std::max<std::int64_t>(20, k + oversamples), min_extent);
}

}  // namespace

SVD svd_compressed(const array::Array& input, std::int64_t k, const SvdCompressedOptions& options) {
  detail::check_matrix(input, "svd_compressed");
  const std::int64_t m = input.shape()[0], n = input.shape()[1], min_extent = std::min(m, n);
  if (k < 1 || k > min_extent) {
    DTASK_THROW(LinAlgError, "svd_compressed: k = " + std::to_string(k) +
                                 " is not in 1..min(m, n) = " + std::to_string(min_extent) +
                                 " for shape " + to_string(input.shape()));
  }
  if (options.n_power_iter < 0 || options.n_oversamples < 0) {
    DTASK_THROW(LinAlgError, "svd_compressed: n_power_iter and n_oversamples must be >= 0");
  }
  const array::Array a = detail::float_input(input);
  const std::int64_t l = compression_level(min_extent, k, options.n_oversamples);
  const array::Array omega = array::random::normal(
      0.0, 1.0, {n, l}, array::Chunks{a.chunks()[1], {l}}, options.seed, a.dtype());
  array::Array y = a.dot(omega);  // m x l in a's row chunks
  for (int i = 0; i < options.n_power_iter; ++i) y = a.dot(a.T().dot(tsqr(y).q));
  const array::Array q = tsqr(y).q;
  // B = Q^T A (l x n); B^T is tall-skinny with one chunk along axis 1.
  const SVD t = svd(q.T().dot(a).T());
  const array::Array u = q.dot(t.v.T());
  using array::Slice;
  return detail::flip_signs(
      SVD{u[{Slice{}, Slice{0, k}}], t.s[{Slice{0, k}}], t.u.T()[{Slice{0, k}, Slice{}}]});
}

}  // namespace dtask::linalg
