// sfqr (short-fat QR) and qr, which picks tsqr or sfqr by the shape, as Dask's.
#include <dtask/array/concatenate.hpp>
#include <dtask/array/products.hpp>
#include <dtask/array/slicing.hpp>
#include <dtask/core/error.hpp>
#include <dtask/linalg/qr.hpp>

#include "qr_kernels.hpp"
#include "square_blocks.hpp"
#include "task_layer.hpp"
#include "tsqr_tree.hpp"

namespace dtask::linalg {

namespace {

void check_short_fat(const array::Array& a, const char* function) {
  detail::check_matrix(a, function);
  const std::int64_t m = a.shape()[0], n = a.shape()[1];
  if (m >= n) {
    DTASK_THROW(LinAlgError, std::string(function) +
                                 " needs a short-fat matrix (m < n), not shape " +
                                 to_string(a.shape()) + ": use tsqr, or qr, for a tall-skinny one");
  }
  if (m == 0)
    DTASK_THROW(LinAlgError,
                std::string(function) + " of an empty matrix, shape " + to_string(a.shape()));
  const std::int64_t first = a.chunks()[1][0];
  if (a.numblocks()[0] != 1 || first < m) {
    DTASK_THROW(LinAlgError,
                std::string(function) +
                    " needs one chunk along axis 0 and a first chunk along axis 1 of at least " +
                    std::to_string(m) + " columns: rechunk to {" + std::to_string(m) + ", " +
                    std::to_string(std::max(m, first)) + "}");
  }
}

}  // namespace

QR sfqr(const array::Array& input) {
  check_short_fat(input, "sfqr");
  const array::Array a = detail::float_input(input);
  const std::int64_t m = a.shape()[0], first = a.chunks()[1][0];
  detail::TaskLayer tasks("sfqr");
  const Key factored = tasks.key("factor", {0});
  tasks.add(factored, Task(detail::qr_factor_function(), {KeyList{a.key({0, 0})}}), 2);
  const Key t = tasks.key("t", {0});
  tasks.add(t, Task(detail::qr_t_function(), {factored, Value(m), Value(first)}), 1);
  const Key signs = tasks.key("signs", {0});
  tasks.add(signs, Task(detail::qr_signs_function(), {factored, Value(m), Value(first)}), 1);
  const Key q = tasks.key("q", {0, 0});
  tasks.add(q,
            Task(detail::qr_q_function(),
                 {factored, Value(m), Value(first), t, signs, Value(std::int64_t{0})}),
            1);
  const Key r = tasks.key("r", {0, 0});
  tasks.add(r, Task(detail::qr_r_function(), {factored, Value(m), Value(first), Value(true)}), 1);
  const LayerPtr layer = tasks.finish({a});
  QR out{detail::output(layer, tasks.name("q"), a.dtype(), {{m}, {m}}),
         detail::output(layer, tasks.name("r"), a.dtype(), {{m}, {first}})};
  if (a.numblocks()[1] > 1) {
    const array::Array rest = a[{array::Slice{}, array::Slice{first, {}}}];
    out.r = array::concatenate({out.r, out.q.T().dot(rest)}, 1);
  }
  return out;
}

QR qr(const array::Array& a) {
  if (a.ndim() == 2 && a.shape()[0] < a.shape()[1]) {
    check_short_fat(a, "qr");
    return sfqr(a);
  }
  detail::check_tsqr_input(a, "qr");
  return tsqr(a);
}

}  // namespace dtask::linalg
