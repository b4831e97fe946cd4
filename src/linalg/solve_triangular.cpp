#include <dtask/linalg/triangular.hpp>

#include <dtask/array/chunks.hpp>
#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>

#include "block_kernels.hpp"
#include "square_blocks.hpp"
#include "task_layer.hpp"

namespace dtask::linalg {

namespace {

using array::Array;
using Block = std::int32_t;  // a block's index along an axis (Key::Index)

}  // namespace

Array solve_triangular(const Array& a_in, const Array& b_in, bool lower,
                       const TriangularOptions& options) {
  detail::check_square_blocks(a_in, "solve_triangular");
  detail::check_rhs(a_in, b_in, "solve_triangular");
  const DType dtype = promote_types(detail::as_float(a_in).dtype(), detail::as_float(b_in).dtype());
  const Array a = a_in.dtype() == dtype ? a_in : a_in.astype(dtype);
  const Array b_rows = detail::with_row_chunks(b_in, a.chunks()[0]);
  const Array b = b_rows.dtype() == dtype ? b_rows : b_rows.astype(dtype);

  const auto blocks = static_cast<Block>(a.numblocks()[0]);
  const auto columns = static_cast<Block>(b.ndim() == 2 ? b.numblocks()[1] : 1);
  // op(a) is lower triangular: solve block rows top down, else bottom up.
  const bool forward = lower != options.trans;
  const auto row_at = [&](Block step) { return forward ? step : blocks - 1 - step; };
  const auto index = [&](Block i, Block c) {
    return b.ndim() == 2 ? Key::Index{i, c} : Key::Index{i};
  };
  const auto a_block = [&](Block i, Block j) { return a.key({std::int64_t{i}, std::int64_t{j}}); };

  detail::TaskLayer tasks("solve_triangular");
  const std::string solved = tasks.name("solve");
  for (Block c = 0; c < columns; ++c) {
    for (Block step = 0; step < blocks; ++step) {
      const Block i = row_at(step);
      const auto level = static_cast<std::int32_t>(2 * (blocks - step));
      Key rhs =
          b.ndim() == 2 ? b.key({std::int64_t{i}, std::int64_t{c}}) : b.key({std::int64_t{i}});
      for (Block earlier = 0; earlier < step;
           ++earlier) {  // minus op(a)(i, j) x_j, in the order x_j are solved
        const Block j = row_at(earlier);
        Key next = tasks.key("update", b.ndim() == 2 ? Key::Index{i, j, c} : Key::Index{i, j});
        const Key x_j(solved, index(j, c));
        tasks.add(next,
                  // Transposed: a's blocks across the diagonal, read as they are.
                  options.trans ? Task(detail::gemm_update_function(), {rhs, a_block(j, i), x_j, Value(true), Value(false)})
                                : Task(detail::gemm_update_function(), {rhs, a_block(i, j), x_j, Value(false), Value(false)}),
                  level);
        rhs = next;
      }
      tasks.add(Key(solved, index(i, c)),
                Task(detail::trsm_function(), {a_block(i, i), rhs, Value(true), Value(lower),
                                               Value(options.trans), Value(options.unit_diagonal)}),
                level + 1);
    }
  }
  return detail::output(tasks.finish({a, b}), solved, dtype, b.chunks());
}

}  // namespace dtask::linalg
