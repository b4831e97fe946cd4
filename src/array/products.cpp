#include <dtask/array/products.hpp>

#include <algorithm>
#include <numeric>

#include "cheap_elementwise.hpp"
#include "product_kernels.hpp"
#include "transpose_source.hpp"

namespace dtask::array {

namespace {

std::int64_t code_of(DType dtype) { return static_cast<std::int64_t>(dtype); }

Shape iota_shape(std::size_t n) {
  Shape s(n);
  std::iota(s.begin(), s.end(), 0);
  return s;
}

// The axes a tensordot contracts, normalised and checked, and the free axes of each operand.
struct Contraction {
  Axes a_axes, b_axes, a_free, b_free;
};

Axes free_axes(const Axes& contracted, std::size_t ndim) {
  Axes free;
  for (int axis = 0; axis < static_cast<int>(ndim); ++axis) {
    if (std::find(contracted.begin(), contracted.end(), axis) == contracted.end()) free.push_back(axis);
  }
  return free;
}

Contraction check_contraction(const Array& a, const Array& b, const Axes& a_axes, const Axes& b_axes) {
  if (a_axes.size() != b_axes.size()) {
    DTASK_THROW(ValueError, "tensordot needs as many axes of a as of b, not " + std::to_string(a_axes.size()) +
                                " and " + std::to_string(b_axes.size()));
  }
  Contraction c;
  for (std::size_t i = 0; i < a_axes.size(); ++i) {
    c.a_axes.push_back(normalize_axis(a_axes[i], a.ndim()));
    c.b_axes.push_back(normalize_axis(b_axes[i], b.ndim()));
    const auto ea = a.shape()[static_cast<std::size_t>(c.a_axes[i])];
    const auto eb = b.shape()[static_cast<std::size_t>(c.b_axes[i])];
    if (ea != eb) {
      DTASK_THROW(ValueError, "shapes " + to_string(a.shape()) + " and " + to_string(b.shape()) + " not aligned: " +
                                  std::to_string(ea) + " (dim " + std::to_string(c.a_axes[i]) + ") != " +
                                  std::to_string(eb) + " (dim " + std::to_string(c.b_axes[i]) + ")");
    }
  }
  c.a_free = free_axes(c.a_axes, a.ndim());
  c.b_free = free_axes(c.b_axes, b.ndim());
  if (c.a_free.size() + c.a_axes.size() != a.ndim() || c.b_free.size() + c.b_axes.size() != b.ndim()) {
    DTASK_THROW(ValueError, "tensordot axes repeat an axis");
  }
  return c;
}

// b, rechunked where its chunks along the contracted axes differ from a's.
Array with_matching_chunks(const Array& a, const Array& b, const Contraction& c) {
  Chunks wanted = b.chunks();
  for (std::size_t i = 0; i < c.a_axes.size(); ++i) {
    wanted[static_cast<std::size_t>(c.b_axes[i])] = a.chunks()[static_cast<std::size_t>(c.a_axes[i])];
  }
  return wanted == b.chunks() ? b : b.rechunk(ChunkSpec(wanted));
}

// How the tasks read one operand: the chunks of its source (the operand, or the array it is a
// transpose of, or the array a cheap elementwise operand is computed from, or its transpose's
// source), each mapped by `program` and laid out as a matrix.
struct Operand {
  Array source;
  Shape to_source;     // operand axis i is source axis to_source[i]
  Shape layout;        // source axes in matrix order
  std::int64_t split;  // how many of them are the matrix's rows
  Program program;     // elementwise, run on each source chunk; empty: the chunk itself

  Key key(const Shape& block) const {  // the source chunk holding the operand's chunk `block`
    Shape source_block(block.size());
    for (std::size_t i = 0; i < block.size(); ++i) source_block[static_cast<std::size_t>(to_source[i])] = block[i];
    return source.key(source_block);
  }
};

// x read with its axes in matrix_order, the first `rows` of them as rows. An elementwise
// program commutes with transposing, so it runs on the source's chunks as they are stored.
Operand read_operand(const Array& x, const Axes& matrix_order, std::size_t rows) {
  const auto cheap = detail::cheap_elementwise_of(x);
  const Array& read = cheap ? cheap->leaf : x;
  const auto transposed = detail::transpose_of(read);
  Operand op{transposed ? transposed->source : read, transposed ? transposed->axes : iota_shape(x.ndim()), {},
             static_cast<std::int64_t>(rows), cheap ? cheap->program : Program{}};
  for (int axis : matrix_order) op.layout.push_back(op.to_source[static_cast<std::size_t>(axis)]);
  return op;
}

Axes concat(const Axes& first, const Axes& second) {
  Axes all = first;
  all.insert(all.end(), second.begin(), second.end());
  return all;
}

// The layer of a product under construction: the tasks of each output chunk's sum tree.
class ProductLayer {
 public:
  ProductLayer(int split_every, Chunks chunks)
      : split_every_(split_every), chunks_(std::move(chunks)), name_(unique_name("dot")),
        partial_name_(unique_name("dot-partial")) {}

  const Chunks& chunks() const { return chunks_; }
  Key key(const Shape& block) const { return Key(name_, Key::Index(block.begin(), block.end())); }

  // Adds the tasks that make output chunk `block` as the sum of `count` terms: groups of
  // split_every consecutive terms, each task adding its group's products to the results of up
  // to split_every - 1 child tasks (which cover the groups before it). node(partials, begin,
  // end) is the task adding terms [begin, end) to the partials.
  template <class Node>
  void add_sum(const Shape& block, std::int64_t count, const Node& node) {
    const std::int64_t groups = std::max<std::int64_t>(1, (count + split_every_ - 1) / split_every_);
    const auto flat = static_cast<std::int32_t>(flat_block_index(numblocks(chunks_), block));
    std::int32_t next = 0;
    const auto build = [&](auto& self, std::int64_t first, std::int64_t last, const Key& key) -> void {
      const std::int64_t own = last - 1, earlier = own - first;
      const std::int64_t children = std::min<std::int64_t>(split_every_ - 1, earlier);
      KeyList partials;
      for (std::int64_t c = 0; c < children; ++c) {
        partials.emplace_back(partial_name_, Key::Index{flat, next++});
        self(self, first + earlier * c / children, first + earlier * (c + 1) / children, partials.back());
      }
      tasks_.emplace_back(key, node(partials, own * split_every_, std::min(count, (own + 1) * split_every_)));
    };
    build(build, 0, groups, key(block));
  }

  void add(const Shape& block, Task task) { tasks_.emplace_back(key(block), std::move(task)); }

  Array finish(DType dtype, const std::vector<Array>& inputs) {
    auto layer = std::make_shared<const Layer>(name_, std::move(tasks_), top_layers(inputs));
    return Array(Graph(std::move(layer)), name_, dtype, chunks_);
  }

 private:
  std::int64_t split_every_;
  Chunks chunks_;
  std::string name_, partial_name_;
  Layer::Tasks tasks_;
};

KeyList slice(const KeyList& keys, std::int64_t begin, std::int64_t end) {
  return KeyList(keys.begin() + begin, keys.begin() + end);
}

// x.T().dot(x), the Gram matrix of x's columns, or x.dot(x.T()), of its rows.
enum class Gram { none, columns, rows };
Gram gram_of(const Operand& lhs, const Operand& rhs, const Contraction& c) {
  const bool same = lhs.source.name() == rhs.source.name() && lhs.program.code.empty() && rhs.program.code.empty() &&
                    lhs.source.ndim() == 2 && c.a_axes.size() == 1 && c.b_axes.size() == 1;
  if (!same) return Gram::none;
  if (lhs.to_source == Shape{1, 0} && rhs.to_source == Shape{0, 1} && c.a_axes == Axes{1} && c.b_axes == Axes{0})
    return Gram::columns;
  if (lhs.to_source == Shape{0, 1} && rhs.to_source == Shape{1, 0} && c.a_axes == Axes{1} && c.b_axes == Axes{0})
    return Gram::rows;
  return Gram::none;
}

}  // namespace

Array tensordot(const Array& a, const Array& b_in, const std::pair<Axes, Axes>& axes, const ProductOptions& options) {
  if (options.split_every < 2) {
    DTASK_THROW(ValueError, "split_every must be at least 2, not " + std::to_string(options.split_every));
  }
  const Contraction c = check_contraction(a, b_in, axes.first, axes.second);
  const Array b = with_matching_chunks(a, b_in, c);
  const DType dtype = promote_types(a.dtype(), b.dtype());

  Chunks chunks;
  for (int axis : c.a_free) chunks.push_back(a.chunks()[static_cast<std::size_t>(axis)]);
  for (int axis : c.b_free) chunks.push_back(b.chunks()[static_cast<std::size_t>(axis)]);
  ProductLayer layer(options.split_every, chunks);

  const Operand lhs = read_operand(a, concat(c.a_free, c.a_axes), c.a_free.size());
  const Operand rhs = read_operand(b, concat(c.b_axes, c.b_free), c.b_axes.size());
  const Gram gram = gram_of(lhs, rhs, c);
  Shape inner_grid;  // blocks along the contracted axes
  for (int axis : c.a_axes) inner_grid.push_back(a.numblocks()[static_cast<std::size_t>(axis)]);
  const std::int64_t terms = shape_size(inner_grid);

  for (std::int64_t flat = 0; flat < block_count(chunks); ++flat) {
    const Shape block = unflatten_block_index(numblocks(chunks), flat);
    const Value out_shape(block_shape(chunks, block));
    if (gram != Gram::none && block[0] > block[1]) {  // the mirror of a chunk above the diagonal
      layer.add(block, detail::transpose_task(layer.key({block[1], block[0]}), {1, 0}));
      continue;
    }
    KeyList lhs_keys, rhs_keys;
    Shape a_block(a.ndim()), b_block(b.ndim());
    for (std::size_t f = 0; f < c.a_free.size(); ++f) a_block[static_cast<std::size_t>(c.a_free[f])] = block[f];
    for (std::size_t f = 0; f < c.b_free.size(); ++f) {
      b_block[static_cast<std::size_t>(c.b_free[f])] = block[c.a_free.size() + f];
    }
    for (std::int64_t t = 0; t < terms; ++t) {
      const Shape inner = unflatten_block_index(inner_grid, t);
      for (std::size_t i = 0; i < inner.size(); ++i) {
        a_block[static_cast<std::size_t>(c.a_axes[i])] = inner[i];
        b_block[static_cast<std::size_t>(c.b_axes[i])] = inner[i];
      }
      lhs_keys.push_back(lhs.key(a_block));
      rhs_keys.push_back(rhs.key(b_block));
    }
    if (gram != Gram::none && block[0] == block[1]) {
      // The blocks of x: rhs's x(k, i) for the columns' Gram, lhs's x(i, k) for the rows'.
      const bool rows = gram == Gram::rows;
      const KeyList& blocks = rows ? lhs_keys : rhs_keys;
      layer.add_sum(block, terms, [&](const KeyList& partials, std::int64_t begin, std::int64_t end) {
        return Task(detail::gram_function(),
                    {partials, slice(blocks, begin, end), out_shape, Value(code_of(dtype)), Value(rows)});
      });
      continue;
    }
    layer.add_sum(block, terms, [&](const KeyList& partials, std::int64_t begin, std::int64_t end) {
      return Task(detail::contract_function(),
                  {partials, slice(lhs_keys, begin, end), slice(rhs_keys, begin, end), Value(lhs.layout),
                   Value(lhs.split), Value(lhs.program), Value(rhs.layout), Value(rhs.split), Value(rhs.program),
                   out_shape, Value(code_of(dtype))});
    });
  }
  return layer.finish(dtype, {lhs.source, rhs.source});
}

Array tensordot(const Array& a, const Array& b, int axes, const ProductOptions& options) {
  if (axes < 0 || static_cast<std::size_t>(axes) > std::min(a.ndim(), b.ndim())) {
    DTASK_THROW(ValueError, "tensordot cannot contract " + std::to_string(axes) + " axes of arrays of shapes " +
                                to_string(a.shape()) + " and " + to_string(b.shape()));
  }
  Axes a_axes, b_axes;
  for (int i = 0; i < axes; ++i) {
    a_axes.push_back(static_cast<int>(a.ndim()) - axes + i);
    b_axes.push_back(i);
  }
  return tensordot(a, b, {a_axes, b_axes}, options);
}

Array dot(const Array& a, const Array& b, const ProductOptions& options) {
  if (a.ndim() == 0 || b.ndim() == 0) {
    DTASK_THROW(ValueError, "dot needs arrays of at least one dimension, not shapes " + to_string(a.shape()) +
                                " and " + to_string(b.shape()) + ": multiply by a 0-d array instead");
  }
  return tensordot(a, b, {{-1}, {b.ndim() == 1 ? -1 : -2}}, options);
}

Array matmul(const Array& a, const Array& b, const ProductOptions& options) {
  if (a.ndim() == 0 || b.ndim() == 0 || a.ndim() > 2 || b.ndim() > 2) {
    DTASK_THROW(ValueError, "matmul takes 1-d and 2-d arrays (stacks of matrices are not supported yet), not shapes " +
                                to_string(a.shape()) + " and " + to_string(b.shape()));
  }
  return dot(a, b, options);
}

Array Array::dot(const Array& other) const { return array::dot(*this, other); }

}  // namespace dtask::array
