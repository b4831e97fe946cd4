#include <dtask/array/transpose.hpp>

#include <algorithm>
#include <numeric>

#include "transpose_chunk.hpp"
#include "transpose_source.hpp"

namespace dtask::array {

namespace {

const Function& transpose_function = register_function("array.transpose", &detail::permute_chunk, "transpose");

Shape normalize_permutation(const Axes& axes, std::size_t ndim) {
  Shape perm(ndim);
  if (axes.empty()) {
    std::iota(perm.rbegin(), perm.rend(), 0);
    return perm;
  }
  if (axes.size() != ndim) {
    DTASK_THROW(ValueError, "transpose got " + std::to_string(axes.size()) + " axes for an array of " +
                                std::to_string(ndim) + " dimensions");
  }
  for (std::size_t i = 0; i < ndim; ++i) perm[i] = normalize_axis(axes[i], ndim);
  Shape sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    DTASK_THROW(ValueError, "transpose axes repeat an axis: they must be a permutation of the array's axes");
  }
  return perm;
}

}  // namespace

Array transpose(const Array& x, const Axes& axes) {
  const Shape perm = normalize_permutation(axes, x.ndim());
  if (std::is_sorted(perm.begin(), perm.end())) return x;
  Chunks chunks(perm.size());
  for (std::size_t i = 0; i < perm.size(); ++i) chunks[i] = x.chunks()[static_cast<std::size_t>(perm[i])];
  return make_array("transpose", x.dtype(), chunks, {x}, [&](const Shape& block) {
    Shape source_block(block.size());
    for (std::size_t i = 0; i < perm.size(); ++i) source_block[static_cast<std::size_t>(perm[i])] = block[i];
    return detail::transpose_task(x.key(source_block), perm);
  });
}

Array Array::T() const { return array::transpose(*this); }
Array Array::transpose(const Axes& axes) const { return array::transpose(*this, axes); }

namespace detail {

Task transpose_task(const Key& block, const Shape& axes) { return Task(transpose_function, {block, Value(axes)}); }

std::optional<TransposeOf> transpose_of(const Array& x) {
  const LayerPtrs& tops = x.graph().tops();
  if (tops.size() != 1 || tops.front()->name() != x.name()) return std::nullopt;
  const Layer& layer = *tops.front();
  const auto is_transpose = [](const auto& entry) { return entry.second.function() == &transpose_function; };
  if (!std::all_of(layer.tasks().begin(), layer.tasks().end(), is_transpose)) return std::nullopt;
  const Task& first = layer.tasks().front().second;
  const std::string source_name(std::get<Key>(first.args()[0]).name());
  Shape axes = std::get<Value>(first.args()[1]).get<Shape>();
  Chunks chunks(axes.size());
  for (std::size_t i = 0; i < axes.size(); ++i) chunks[static_cast<std::size_t>(axes[i])] = x.chunks()[i];
  return TransposeOf{Array(Graph(layer.dependencies()), source_name, x.dtype(), std::move(chunks)), std::move(axes)};
}

}  // namespace detail

}  // namespace dtask::array
