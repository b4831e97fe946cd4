// svd: TSQR, the SVD of R, and U = Q U_R by TSQR's down-sweep (tsqr_tree.hpp).
#include <dtask/array/slicing.hpp>
#include <dtask/array/transpose.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/svd.hpp>

#include "qr_kernels.hpp"
#include "square_blocks.hpp"
#include "svd_flip.hpp"
#include "task_layer.hpp"
#include "tsqr_tree.hpp"

namespace dtask::linalg {

namespace {

SVD tall_svd(const array::Array& a) {
  const std::int64_t n = a.shape()[1];
  detail::TaskLayer tasks("svd");
  detail::TsqrTree tree(tasks, a);
  const Key r = tree.add_r(false);
  // U_R (rows 0..n-1), v (rows n..2n-1) and s (row 2n) of R, signs flipped on v.
  const Key small = tasks.key("svd-r", {0, 0});
  tasks.add(small, Task(detail::svd_of_small_function(), {r}), 100);
  tree.add_q(small, tasks.name("u"));
  const LayerPtr layer = tasks.finish({a});
  const array::Array packed =
      detail::output(layer, tasks.name("svd-r"), a.dtype(), {{2 * n + 1}, {n}});
  return SVD{detail::output(layer, tasks.name("u"), a.dtype(), {a.chunks()[0], {n}}),
             packed[{2 * n}], packed[{array::Slice{n, 2 * n}, array::Slice{}}]};
}

}  // namespace

SVD svd(const array::Array& input) {
  detail::check_matrix(input, "svd");
  const std::int64_t m = input.shape()[0], n = input.shape()[1];
  if (m >= n) {
    detail::check_tsqr_input(input, "svd");
    return tall_svd(detail::float_input(input));
  }
  if (input.numblocks()[0] != 1) {
    DTASK_THROW(LinAlgError,
                "svd of a short-fat matrix (m < n) needs one chunk along axis 0: rechunk to {" +
                    std::to_string(m) + ", " + std::to_string(input.chunks()[1][0]) + "}");
  }
  // A^T = U' S V' gives A = V'^T S U'^T.
  const array::Array transposed = detail::float_input(input).T();
  detail::check_tsqr_input(transposed, "svd");
  const SVD t = tall_svd(transposed);
  return detail::flip_signs(SVD{t.v.T(), t.s, t.u.T()});
}

}  // namespace dtask::linalg
