#include <dtask/core/error.hpp>
#include <dtask/linalg/qr.hpp>

#include "qr_kernels.hpp"
#include "square_blocks.hpp"
#include "tsqr_tree.hpp"

namespace dtask::linalg {

namespace detail {

namespace {

// Priorities: the up-sweep's combines and the root before more row blocks, the row blocks'
// QRs before their T's and Q's (those wait for the root anyway), higher levels first.
constexpr std::int32_t leaf_priority = 1;
constexpr std::int32_t combine_priority = 20;  // + level
constexpr std::int32_t down_priority = 40;     // + level: the root's and inner nodes' T and Q
constexpr std::int32_t root_priority = 80;

Value literal(std::int64_t v) { return Value(v); }

// Consecutive groups of the nodes' R's: as few as max_rows allows, at least two R's each,
// with member counts as even as possible.
std::vector<std::vector<std::size_t>> group_nodes(const std::vector<std::size_t>& nodes,
                                                  const std::vector<std::int64_t>& rows,
                                                  std::int64_t max_rows) {
  std::int64_t total = 0;
  for (const std::int64_t r : rows) total += r;
  const auto count = static_cast<std::int64_t>(nodes.size());
  const std::int64_t groups =
      std::clamp<std::int64_t>((total + max_rows - 1) / max_rows, 1, count / 2);
  std::vector<std::vector<std::size_t>> out(static_cast<std::size_t>(groups));
  for (std::int64_t i = 0; i < count; ++i)
    out[static_cast<std::size_t>(i * groups / count)].push_back(nodes[i]);
  return out;
}

}  // namespace

array::Array float_input(const array::Array& a) {
  if (a.dtype() == DType::float32 || a.dtype() == DType::float64) return a;
  return a.astype(DType::float64);
}

TsqrTree::TsqrTree(TaskLayer& tasks, const array::Array& a, std::int64_t stack_bytes)
    : tasks_(tasks), n_(a.shape()[1]) {
  const auto& row_chunks = a.chunks()[0];
  std::vector<std::size_t> level_nodes;
  for (std::size_t i = 0; i < row_chunks.size(); ++i) {
    const auto index = static_cast<std::int32_t>(i);
    Key factored = tasks_.key("factor", {index});
    tasks_.add(factored, Task(qr_factor_function(), {KeyList{a.key({index, 0})}}), leaf_priority);
    nodes_.push_back(Node{std::move(factored), row_chunks[i], 0, index, {}});
    level_nodes.push_back(i);
  }
  const std::int64_t max_rows = std::max<std::int64_t>(
      2 * n_, stack_bytes / std::max<std::int64_t>(1, n_ * itemsize(a.dtype())));
  for (std::int32_t level = 1; level_nodes.size() > 1; ++level) {
    std::vector<std::int64_t> rows;
    for (const std::size_t c : level_nodes) rows.push_back(k_of(nodes_[c]));
    std::vector<std::size_t> next;
    for (const auto& group : group_nodes(level_nodes, rows, max_rows)) {
      KeyList rs;
      std::int64_t stacked = 0;
      for (const std::size_t c : group) {
        const Node& child = nodes_[c];
        Key r = tasks_.key("level-r", {child.level, child.index});
        tasks_.add(
            r,
            Task(qr_r_function(), {child.factored, literal(child.rows), literal(n_), Value(false)}),
            combine_priority + level);
        rs.push_back(std::move(r));
        stacked += k_of(child);
      }
      const auto index = static_cast<std::int32_t>(next.size());
      Key factored = tasks_.key("combine", {level, index});
      tasks_.add(factored, Task(qr_factor_function(), {std::move(rs)}), combine_priority + level);
      next.push_back(nodes_.size());
      nodes_.push_back(Node{std::move(factored), stacked, level, index, group});
    }
    level_nodes = std::move(next);
  }
}

Key TsqrTree::add_r(bool positive) {
  const Node& root = nodes_.back();
  Key r = tasks_.key("r", {0, 0});
  tasks_.add(
      r, Task(qr_r_function(), {root.factored, literal(root.rows), literal(n_), Value(positive)}),
      root_priority);
  return r;
}

Key TsqrTree::add_signs() {
  const Node& root = nodes_.back();
  Key d = tasks_.key("signs", {});
  tasks_.add(d, Task(qr_signs_function(), {root.factored, literal(root.rows), literal(n_)}),
             root_priority);
  return d;
}

void TsqrTree::add_q(const Key& x, const std::string& output_name) {
  add_q_of(nodes_.size() - 1, x, 0, output_name);
}

void TsqrTree::add_q_of(std::size_t index, const Key& parent, std::int64_t offset,
                        const std::string& output_name) {
  const Node& node = nodes_[index];
  const bool leaf = node.level == 0;
  const std::int32_t priority = leaf ? 0 : down_priority + node.level;
  Key t = tasks_.key("t", {node.level, node.index});
  tasks_.add(t, Task(qr_t_function(), {node.factored, literal(node.rows), literal(n_)}), priority);
  Key q =
      leaf ? Key(output_name, {node.index, 0}) : tasks_.key("q-inner", {node.level, node.index});
  tasks_.add(q,
             Task(qr_q_function(),
                  {node.factored, literal(node.rows), literal(n_), t, parent, literal(offset)}),
             priority);
  std::int64_t child_offset = 0;
  for (const std::size_t c : node.children) {
    add_q_of(c, q, child_offset, output_name);
    child_offset += k_of(nodes_[c]);
  }
}

void check_tsqr_input(const array::Array& a, const char* function) {
  check_matrix(a, function);
  const std::int64_t m = a.shape()[0], n = a.shape()[1];
  if (m < n) {
    DTASK_THROW(LinAlgError, std::string(function) +
                                 " needs a tall-skinny matrix (m >= n), not shape " +
                                 to_string(a.shape()) + ": use sfqr, or qr, for a short-fat one");
  }
  if (n == 0)
    DTASK_THROW(LinAlgError,
                std::string(function) + " of an empty matrix, shape " + to_string(a.shape()));
  if (a.numblocks()[1] != 1) {
    DTASK_THROW(LinAlgError, std::string(function) + " needs one chunk along axis 1: rechunk to {" +
                                 std::to_string(a.chunks()[0][0]) + ", " + std::to_string(n) + "}");
  }
}

}  // namespace detail

QR detail::tsqr(const array::Array& input, std::int64_t stack_bytes) {
  detail::check_tsqr_input(input, "tsqr");
  const array::Array a = detail::float_input(input);
  const std::int64_t n = a.shape()[1];
  detail::TaskLayer tasks("tsqr");
  detail::TsqrTree tree(tasks, a, stack_bytes);
  const Key r = tree.add_r(true);
  tree.add_q(tree.add_signs(), tasks.name("q"));
  const LayerPtr layer = tasks.finish({a});
  return QR{detail::output(layer, tasks.name("q"), a.dtype(), {a.chunks()[0], {n}}),
            detail::output(layer, std::string(r.name()), a.dtype(), {{n}, {n}})};
}

QR tsqr(const array::Array& a) { return detail::tsqr(a, detail::max_stack_bytes); }

}  // namespace dtask::linalg
