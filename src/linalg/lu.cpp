#include <dtask/linalg/lu.hpp>

#include <dtask/array/chunks.hpp>

#include "lu_factors.hpp"
#include "lu_kernels.hpp"
#include "square_blocks.hpp"
#include "task_layer.hpp"

namespace dtask::linalg {

namespace detail {

namespace {

using array::Array;
using Index = std::int64_t;
using Block = std::int32_t;  // a block's index along an axis (Key::Index)

// Priorities (higher runs first): the tasks of step k on block column j rank by j, so column
// k + 1 is updated and factored before the rest of step k's updates (lookahead); within a
// column, its panel, then its block of U, then its block updates. The other blocks of the
// results rank lowest.
std::int32_t column_level(Block j, Block blocks) {
  return static_cast<std::int32_t>(4 * (blocks - j));
}
constexpr std::int32_t panel_bonus = 3, u_bonus = 2, update_bonus = 1, result_priority = 0;

class LuGraph {
 public:
  explicit LuGraph(const Array& a)
      : a_(a),
        sizes_(a.chunks()[0]),
        offsets_(array::chunk_offsets(sizes_)),
        blocks_(static_cast<Block>(sizes_.size())),
        n_(a.shape()[0]),
        tasks_("lu") {}

  LuFactors build() {
    for (Block k = 0; k < blocks_; ++k) add_step(k);
    for (Block i = 0; i < blocks_; ++i) {
      tasks_.add(perm(i), Task(lu_rows_function(), {order(i), Value(Index{0}), Value(size(i))}),
                 column_level(i, blocks_) + panel_bonus);
      for (Block j = 0; j < blocks_; ++j) {
        add_u_block(i, j);
        add_l_block(i, j);
        tasks_.add(
            Key(tasks_.name("p"), {i, j}),
            Task(lu_permutation_block_function(), {perm(j), Value(offset(i)), Value(size(i)),
                                                   Value(static_cast<std::int64_t>(a_.dtype()))}),
            result_priority);
      }
    }
    const LayerPtr layer = tasks_.finish({a_});
    const array::Chunks chunks = a_.chunks();
    return LuFactors{output(layer, tasks_.name("perm"), DType::int64, {sizes_}),
                     output(layer, tasks_.name("p"), a_.dtype(), chunks),
                     output(layer, tasks_.name("l"), a_.dtype(), chunks),
                     output(layer, tasks_.name("u"), a_.dtype(), chunks)};
  }

 private:
  Key panel(Block k) { return tasks_.key("panel", {k}); }
  Key order(Block k) { return tasks_.key("order", {k}); }
  Key perm(Block i) { return Key(tasks_.name("perm"), {i}); }
  Key u(Block i, Block j) { return Key(tasks_.name("u"), {i, j}); }
  Key update(Block k, Block i, Block j) { return tasks_.key("update", {k, i, j}); }

  // Block (i, j) as it enters step k: a's, or step k - 1's update; and blocks k.. of column j.
  Key block(Block k, Block i, Block j) {
    return k == 0 ? a_.key({Index{i}, Index{j}}) : update(k - 1, i, j);
  }
  KeyList column(Block k, Block j) {
    KeyList keys;
    for (Block i = k; i < blocks_; ++i) keys.push_back(block(k, i, j));
    return keys;
  }
  Index size(Block i) const { return sizes_[static_cast<std::size_t>(i)]; }
  Index offset(Block i) const { return offsets_[static_cast<std::size_t>(i)]; }

  // Step k: the panel; then per block column j > k its block U(k, j) (rows swapped as the
  // panel's, then a TRSM) and one GEMM update per block below.
  void add_step(Block k) {
    const std::int32_t level = column_level(k, blocks_);
    tasks_.add(panel(k), Task(lu_panel_function(), {column(k, k), Value(offset(k))}),
               level + panel_bonus);
    tasks_.add(order(k),
               Task(lu_order_function(), {k > 0 ? KeyList{order(k - 1)} : KeyList{},
                                          Value(k > 0 ? size(k - 1) : 0), panel(k), Value(n_)}),
               level + panel_bonus);
    for (Block j = k + 1; j < blocks_; ++j) {
      const std::int32_t column_priority = column_level(j, blocks_);
      tasks_.add(u(k, j), Task(lu_u_block_function(), {panel(k), column(k, j)}),
                 column_priority + u_bonus);
      for (Block i = k + 1; i < blocks_; ++i) {
        tasks_.add(update(k, i, j),
                   Task(lu_block_update_function(), {panel(k), u(k, j), block(k, k, j),
                                                     block(k, i, j), Value(offset(i) - offset(k))}),
                   column_priority + update_bonus);
      }
    }
  }

  Task zeros(Block i, Block j) const {
    return Task(lu_zeros_function(),
                {Value(Shape{size(i), size(j)}), Value(static_cast<std::int64_t>(a_.dtype()))});
  }

  // The blocks of u that the steps do not make: zeros below the diagonal, U(i, i) from panel i.
  void add_u_block(Block i, Block j) {
    if (i > j) tasks_.add(u(i, j), zeros(i, j), result_priority);
    if (i == j)
      tasks_.add(u(i, j), Task(lu_triangle_function(), {panel(i), Value(true)}), result_priority);
  }

  void add_l_block(Block i, Block j) {
    const Key key(tasks_.name("l"), {i, j});
    if (i < j) {
      tasks_.add(key, zeros(i, j), result_priority);
    } else if (i == j) {
      tasks_.add(key, Task(lu_triangle_function(), {panel(i), Value(false)}), result_priority);
    } else {  // rows of panel j in the order of every later step's swaps
      tasks_.add(key, Task(lu_lower_block_function(), {panel(j), order(j), perm(i), Value(n_)}),
                 result_priority);
    }
  }

  Array a_;
  std::vector<Index> sizes_, offsets_;
  Block blocks_;
  Index n_;
  TaskLayer tasks_;
};

}  // namespace

LuFactors lu_factors(const array::Array& a) {
  check_square_blocks(a, "lu");
  return LuGraph(as_float(a)).build();
}

}  // namespace detail

LU lu(const array::Array& a) {
  detail::LuFactors f = detail::lu_factors(a);
  return LU{std::move(f.p), std::move(f.l), std::move(f.u)};
}

}  // namespace dtask::linalg
