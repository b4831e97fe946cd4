#include "reduction_arg.hpp"

#include <cmath>
#include <type_traits>

#include "reduction_kernels.hpp"
#include "reduction_runs.hpp"

namespace dtask::array::detail {

namespace {

// Whether (v, g) beats the best so far (best, at) as NumPy decides: the first NaN wins, then
// the smallest (argmin) or largest (argmax) value, ties to the lower index; at < 0 means none.
// Indices are compared, not arrival order, so any order of combination gives the same answer.
template <bool is_min, class A>
bool beats(A v, A g, A best, A at) {
  if (at < 0) return true;
  if constexpr (std::is_floating_point_v<A>) {
    if (std::isnan(best)) return std::isnan(v) && g < at;
    if (std::isnan(v)) return true;
  }
  if (is_min ? v < best : v > best) return true;
  return v == best && g < at;
}

// Walks the chunk row by row along its last axis, tracking each element's output position
// (kept axes, row-major) and global index (index_base + i . index_strides).
template <bool is_min, class T, class A>
void arg_fold(const Chunk& x, const Shape& reduced, std::int64_t index_base, const Shape& index_strides,
              A* value, A* at) {
  const Shape& shape = x.shape();
  const std::size_t d = shape.size();
  if (x.size() == 0) return;
  Shape out_stride(d, 0);
  std::int64_t stride = 1;
  for (std::size_t a = d; a-- > 0;) {
    if (reduced[a] == 0) {
      out_stride[a] = stride;
      stride *= shape[a];
    }
  }
  const std::int64_t row = d == 0 ? 1 : shape[d - 1];
  const std::int64_t out_step = d == 0 ? 0 : out_stride[d - 1];
  const std::int64_t index_step = d == 0 ? 0 : index_strides[d - 1];
  const T* in = x.data<T>();
  Shape position(d, 0);
  for (std::int64_t start = 0; start < x.size(); start += row) {
    std::int64_t out = 0, g = index_base;
    for (std::size_t a = 0; a + 1 < d; ++a) {
      out += position[a] * out_stride[a];
      g += position[a] * index_strides[a];
    }
    for (std::int64_t j = 0; j < row; ++j, out += out_step, g += index_step) {
      const auto v = static_cast<A>(in[start + j]);
      if (beats<is_min>(v, static_cast<A>(g), value[out], at[out])) {
        value[out] = v;
        at[out] = static_cast<A>(g);
      }
    }
    for (std::size_t a = d == 0 ? 0 : d - 1; a-- > 0;) {  // next row: odometer over the leading axes
      if (++position[a] < shape[a]) break;
      position[a] = 0;
    }
  }
}

template <bool is_min>
Chunk arg_chunk_of(const Chunk& x, const Shape& reduced, std::int64_t index_base, const Shape& index_strides) {
  const DType acc = accumulator_dtype(is_min ? Reduction::argmin : Reduction::argmax, x.dtype());
  const std::int64_t m = kept_size(x.shape(), reduced);
  Chunk out(acc, Shape{2, m});
  visit_dtype(acc, [&](auto acc_tag) {
    using A = typename decltype(acc_tag)::type;
    if constexpr (!std::is_same_v<A, bool>) {
      A* value = out.data<A>();
      A* at = value + m;
      std::fill(at, at + m, A(-1));
      std::fill(value, value + m, A(0));
      visit_dtype(x.dtype(), [&](auto tag) {
        arg_fold<is_min, typename decltype(tag)::type>(x, reduced, index_base, index_strides, value, at);
      });
    }
  });
  return out;
}

template <bool is_min, class A>
void arg_merge(const Chunk& part, A* value, A* at, std::int64_t m) {
  const A* v = part.data<A>();
  for (std::int64_t i = 0; i < m; ++i) {
    if (beats<is_min>(v[i], v[m + i], value[i], at[i])) {
      value[i] = v[i];
      at[i] = v[m + i];
    }
  }
}

}  // namespace

Chunk arg_chunk(const Chunk& x, bool is_min, const Shape& reduced, std::int64_t index_base,
                const Shape& index_strides) {
  return is_min ? arg_chunk_of<true>(x, reduced, index_base, index_strides)
                : arg_chunk_of<false>(x, reduced, index_base, index_strides);
}

Chunk arg_combine(const std::vector<Chunk>& parts, bool is_min) {
  Chunk out = parts.front().copy();
  const std::int64_t m = out.shape()[1];
  visit_dtype(out.dtype(), [&](auto tag) {
    using A = typename decltype(tag)::type;
    if constexpr (!std::is_same_v<A, bool>) {
      A* value = out.data<A>();
      for (std::size_t p = 1; p < parts.size(); ++p) {
        if (is_min) {
          arg_merge<true>(parts[p], value, value + m, m);
        } else {
          arg_merge<false>(parts[p], value, value + m, m);
        }
      }
    }
  });
  return out;
}

}  // namespace dtask::array::detail
