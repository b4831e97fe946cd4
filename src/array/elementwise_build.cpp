#include "elementwise_build.hpp"

#include <algorithm>

namespace dtask::array {

namespace {

const Function& elementwise_function = register_function("array.elementwise", &evaluate, "elementwise");

// The sizes whose boundaries are those of a and of b together.
std::vector<std::int64_t> common_refinement(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> bounds = chunk_offsets(a);
  const std::vector<std::int64_t> more = chunk_offsets(b);
  bounds.insert(bounds.end(), more.begin(), more.end());
  std::sort(bounds.begin(), bounds.end());
  bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
  if (bounds.size() == 1) return {0};  // an empty axis keeps its one empty chunk
  std::vector<std::int64_t> sizes;
  for (std::size_t i = 1; i < bounds.size(); ++i) sizes.push_back(bounds[i] - bounds[i - 1]);
  return sizes;
}

int kind_rank(DType dtype) { return dtype == DType::bool_ ? 0 : dtype == DType::int64 ? 1 : 2; }

}  // namespace

Shape broadcast_shapes(const std::vector<Shape>& shapes) {
  std::size_t ndim = 0;
  for (const Shape& s : shapes) ndim = std::max(ndim, s.size());
  Shape out(ndim, 1);
  for (const Shape& s : shapes) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      std::int64_t& extent = out[ndim - s.size() + i];
      if (s[i] == extent || s[i] == 1) continue;
      if (extent != 1) {
        std::string all;
        for (const Shape& t : shapes) all += (all.empty() ? "" : " ") + to_string(t);
        DTASK_THROW(ValueError, "shapes " + all + " cannot be broadcast together");
      }
      extent = s[i];
    }
  }
  return out;
}

namespace detail {

Layout broadcast_layout(const std::vector<Array>& arrays) {
  std::vector<Shape> shapes;
  for (const Array& x : arrays) shapes.push_back(x.shape());
  Layout layout{broadcast_shapes(shapes), {}};
  const std::size_t ndim = layout.shape.size();
  layout.chunks.resize(ndim);
  for (const Array& x : arrays) {
    for (std::size_t i = 0; i < x.ndim(); ++i) {
      const std::size_t axis = ndim - x.ndim() + i;
      if (x.shape()[i] != layout.shape[axis]) continue;  // repeated along this axis
      auto& sizes = layout.chunks[axis];
      sizes = sizes.empty() ? x.chunks()[i] : common_refinement(sizes, x.chunks()[i]);
    }
  }
  return layout;
}

Array align(const Array& x, const Chunks& chunks) {
  Chunks wanted = x.chunks();
  for (std::size_t i = 0; i < x.ndim(); ++i) {
    if (x.shape()[i] != 1) wanted[i] = chunks[chunks.size() - x.ndim() + i];
  }
  return wanted == x.chunks() ? x : x.rechunk(wanted);
}

Shape source_block(const Array& x, const Shape& block) {
  Shape source(x.ndim());
  for (std::size_t i = 0; i < x.ndim(); ++i) source[i] = x.shape()[i] == 1 ? 0 : block[block.size() - x.ndim() + i];
  return source;
}

DType result_type(std::span<const Operand> operands) {
  std::optional<DType> strong;
  DType weak = DType::bool_;
  for (const Operand& operand : operands) {
    if (const Array* x = operand.array()) {
      strong = strong ? promote_types(*strong, x->dtype()) : x->dtype();
    } else if (kind_rank(operand.scalar()->kind) > kind_rank(weak)) {
      weak = operand.scalar()->kind;
    }
  }
  if (!strong) return weak;
  return kind_rank(weak) > kind_rank(*strong) ? weak : *strong;
}

Array elementwise(const std::string& prefix, const std::vector<Operand>& operands, const Emit& emit) {
  std::vector<Array> arrays;
  for (const Operand& operand : operands) {
    if (const Array* x = operand.array()) arrays.push_back(*x);
  }
  if (arrays.empty()) DTASK_THROW(TypeError, prefix + " needs at least one array operand");
  return elementwise(prefix, broadcast_layout(arrays), operands, emit);
}

Array elementwise(const std::string& prefix, const Layout& layout, const std::vector<Operand>& operands,
                  const Emit& emit) {
  const auto aligned = [&](const Array& x) { return align(x, layout.chunks); };
  ProgramBuilder builder;
  std::vector<int> registers;
  for (const Operand& operand : operands) {
    if (const Array* x = operand.array()) {
      registers.push_back(x->expression() ? builder.append(*x->expression(), aligned) : builder.load(aligned(*x)));
    } else {
      const Scalar& s = *operand.scalar();
      registers.push_back(builder.constant(s.kind, s.number, s.integer));
    }
  }
  auto expression = std::make_shared<const Expression>(builder.finish(emit(builder, registers)));
  const Program& program = expression->program();
  const std::vector<Array>& leaves = expression->leaves();
  // A result that is one of its inputs unchanged (astype to its own dtype, round of integers).
  if (program.code.size() == 1 && program.code[0].op == Op::load && leaves[0].shape() == layout.shape) {
    return leaves[0];
  }
  const Value code(program);
  return make_array(
      prefix, program.dtype(), layout.chunks, leaves,
      [&](const Shape& block) {
        KeyList keys;
        for (const Array& leaf : leaves) keys.push_back(leaf.key(source_block(leaf, block)));
        return Task(elementwise_function, {code, Value(block_shape(layout.chunks, block)), std::move(keys)});
      },
      expression);
}

}  // namespace detail

}  // namespace dtask::array
