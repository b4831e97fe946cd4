// The task tree of direct TSQR (Benson, Gleich and Demmel, 2013), shared by tsqr, svd and
// lstsq. Up the tree: each row block of A is factored (Householder vectors Y_i, T_i and R_i,
// qr_kernels.hpp); the R_i are stacked in groups of consecutive blocks and factored again, level
// by level, until one group is left: its R is A's. Down the tree: the root applies its Q to a
// small X (the signs that make R's diagonal non-negative, or the U of R's SVD), and every node
// applies its own Q1 to its rows of its parent's result, Q_i = [X_i; 0] - Y_i (T_i (Y1_i^T X_i)),
// down to the row blocks, whose results are the chunks of Q X.
//
//   TaskLayer tasks("tsqr");
//   TsqrTree tree(tasks, a);                           // the up-sweep's tasks
//   Key r = tree.add_r(/*positive=*/true);             // R with R_ii >= 0
//   tree.add_q(tree.add_signs(), "q");                 // chunks ("q", i, 0) of Q
//
// A group stacks as many R's as fit in max_stack_bytes (at least two): one combine task for
// 20 blocks of 500 columns, a tree of more levels for many blocks.
#pragma once

#include <cstdint>
#include <dtask/array/array.hpp>
#include <dtask/linalg/qr.hpp>
#include <string>
#include <vector>

#include "task_layer.hpp"

namespace dtask::linalg::detail {

// The bytes of R's stacked into one combine task.
inline constexpr std::int64_t max_stack_bytes = std::int64_t{64} << 20;

// a as float32 or float64: int64 and bool are promoted to float64, as NumPy's linalg does.
array::Array float_input(const array::Array& a);

// Throws LinAlgError unless a is a non-empty m x n matrix with m >= n and one chunk along
// axis 1 (the message names function and the rechunk that would do).
void check_tsqr_input(const array::Array& a, const char* function);

// tsqr with another bound on the bytes of each combine task (the tests make trees of several
// levels with small matrices).
QR tsqr(const array::Array& a, std::int64_t stack_bytes);

class TsqrTree {
 public:
  // a: m x n, m >= n, one chunk along axis 1, float32 or float64 (checked by the callers).
  TsqrTree(TaskLayer& tasks, const array::Array& a, std::int64_t stack_bytes = max_stack_bytes);

  std::int64_t columns() const { return n_; }

  // The root's R (n x n upper triangular); negated rows make its diagonal non-negative when
  // positive is true. Call once.
  Key add_r(bool positive);
  // D = diag(sign(R_ii)) of the root (n x n): the X of add_q that goes with add_r(true).
  Key add_signs();
  // The chunks Key(output_name, {i, 0}) of Q X (m x p, a's row chunks), X the first n rows of
  // the value of x (an n x p or larger row-major matrix). Call once.
  void add_q(const Key& x, const std::string& output_name);

 private:
  struct Node {
    Key factored;
    std::int64_t rows;                  // of the matrix this node factored
    std::int32_t level, index;          // level 0: row block `index` of a
    std::vector<std::size_t> children;  // nodes whose R's this node stacked, in order
  };

  std::int64_t k_of(const Node& node) const { return std::min(node.rows, n_); }
  // Adds the tasks of node's Q applied to rows offset.. of parent, then those of its children.
  void add_q_of(std::size_t node, const Key& parent, std::int64_t offset,
                const std::string& output_name);

  TaskLayer& tasks_;
  std::int64_t n_;
  std::vector<Node> nodes_;  // leaves first, the root last
};

}  // namespace dtask::linalg::detail
