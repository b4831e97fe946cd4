// Blocked right-looking Cholesky on the lower triangle, one task per block operation:
//
//   for k:  L(k, k) = potrf(A(k, k))
//           L(i, k) = A(i, k) L(k, k)^-T                     trsm, i > k
//           A(i, j) -= L(i, k) L(j, k)^T                      syrk (i == j) or gemm, i >= j > k
//
// Priorities (higher runs first among ready tasks) follow the critical path potrf(k) ->
// trsm(k + 1, k) -> syrk(k + 1, k + 1, k) -> potrf(k + 1). A task on block (i, j) at step k
// (k = j for potrf and trsm) gets -(j + k), refined by i - j (diagonal block first): the work
// left below it is about (j - k) updates of its block plus one step per block column after j,
// and a step of the critical path costs about two updates. So panel k runs first, then the
// updates of block column k + 1 at step k (the next panel: a lookahead of one), then the rest
// of step k's trailing updates, each as early as the panels it feeds need it; the far columns
// are not left to the end, where their chains of updates would run on one worker.
#include <dtask/array/creation.hpp>
#include <dtask/linalg/cholesky.hpp>
#include <map>

#include "../array/reshape_chunk.hpp"
#include "../array/transpose_source.hpp"
#include "block_kernels.hpp"
#include "cholesky_kernels.hpp"
#include "square_blocks.hpp"
#include "task_layer.hpp"

namespace dtask::linalg {

namespace {

using array::Array;

// See the top of the file. nb * 2 nb fits an int32 for up to 32767 blocks per axis.
std::int32_t priority(int i, int j, int k, int nb) { return -((j + k) * nb + (i - j)); }

// The tasks of the lower factor L; lower(i, j), i >= j, is the key of block (i, j).
class LowerFactor {
 public:
  LowerFactor(detail::TaskLayer& tasks, const Array& a)
      : nb_(static_cast<int>(a.chunks()[0].size())) {
    // latest(i, j): the key of the current value of block (i, j), updated step by step into L.
    latest_.reserve(static_cast<std::size_t>(nb_ * nb_));
    for (int i = 0; i < nb_; ++i)
      for (int j = 0; j < nb_; ++j) latest_.push_back(a.key({i, j}));

    std::int64_t offset = 0;  // first row of block k
    for (int k = 0; k < nb_; offset += a.chunks()[0][static_cast<std::size_t>(k)], ++k) {
      Key diagonal = tasks.key("potrf", {k, k});
      tasks.add(diagonal, Task(detail::potrf_function(), {latest(k, k), Value(offset)}),
                priority(k, k, k, nb_));
      latest(k, k) = diagonal;
      for (int i = k + 1; i < nb_; ++i) {
        Key panel = tasks.key("trsm", {i, k});  // A(i, k) L(k, k)^-T: right, lower, transposed
        tasks.add(panel,
                  Task(detail::trsm_function(), {diagonal, latest(i, k), Value(false), Value(true),
                                                 Value(true), Value(false)}),
                  priority(i, k, k, nb_));
        latest(i, k) = panel;
      }
      for (int j = k + 1; j < nb_; ++j) {
        for (int i = j; i < nb_; ++i) {
          Key updated = tasks.key(i == j ? "syrk" : "gemm", {i, j, k});
          Task task = i == j ? Task(detail::syrk_update_function(), {latest(j, j), latest(j, k)})
                             : Task(detail::gemm_update_function(),
                                    {latest(i, j), latest(i, k), latest(j, k), Value(false), Value(true)});
          tasks.add(updated, std::move(task), priority(i, j, k, nb_));
          latest(i, j) = updated;
        }
      }
    }
  }

  const Key& operator()(int i, int j) const {
    return latest_[static_cast<std::size_t>(i * nb_ + j)];
  }
  int blocks() const noexcept { return nb_; }

 private:
  Key& latest(int i, int j) { return latest_[static_cast<std::size_t>(i * nb_ + j)]; }

  int nb_;
  std::vector<Key> latest_;
};

// One zeros array per distinct block shape, shared by every zero block of that shape.
class ZeroBlocks {
 public:
  explicit ZeroBlocks(DType dtype) : dtype_(dtype) {}
  Key key(const Shape& shape) {
    auto it = zeros_.find(shape);
    if (it == zeros_.end()) {
      it = zeros_.emplace(shape, array::zeros(shape, array::Chunks{{shape[0]}, {shape[1]}}, dtype_))
               .first;
    }
    return it->second.key({0, 0});
  }
  std::vector<Array> arrays() const {
    std::vector<Array> out;
    for (const auto& [shape, zeros] : zeros_) out.push_back(zeros);
    return out;
  }

 private:
  DType dtype_;
  std::map<Shape, Array> zeros_;
};

}  // namespace

Array cholesky(const Array& input, bool lower) {
  detail::check_square_blocks(input, "cholesky");
  const Array a = detail::as_float(input);
  const array::Chunks& chunks = a.chunks();

  detail::TaskLayer tasks("cholesky");
  const LowerFactor factor(tasks, a);
  const int nb = factor.blocks();
  ZeroBlocks zeros(a.dtype());
  // Every block of the result under its own key: views (no copies) of the factor's blocks and
  // of the shared zeros, or for the upper factor the transposes of L's blocks.
  const std::string& name = tasks.name(lower ? "lower" : "upper");
  for (int i = 0; i < nb; ++i) {
    for (int j = 0; j < nb; ++j) {
      const Shape shape{chunks[0][static_cast<std::size_t>(i)],
                        chunks[1][static_cast<std::size_t>(j)]};
      const bool zero = lower ? i < j : i > j;
      const Key block(name, {i, j});
      if (zero) {
        tasks.add(block, array::detail::view_task(zeros.key(shape), shape, a.dtype()),
                  priority(nb, nb, nb, nb));
      } else if (lower) {
        tasks.add(block, array::detail::view_task(factor(i, j), shape, a.dtype()),
                  priority(i, j, j, nb));
      } else {
        tasks.add(block, array::detail::transpose_task(factor(j, i), {1, 0}),
                  priority(j, i, i, nb));
      }
    }
  }
  std::vector<Array> inputs = zeros.arrays();
  inputs.push_back(a);
  return detail::output(tasks.finish(inputs), name, a.dtype(), chunks);
}

}  // namespace dtask::linalg
