#include "transpose_chunk.hpp"

namespace dtask::array::detail {

Chunk permute_chunk(const Chunk& chunk, const Shape& axes) {
  const std::size_t ndim = axes.size();
  Shape shape(ndim), strides(ndim);  // output extents, and the input stride along each of them
  Shape input_strides(ndim, 1);
  for (std::size_t a = ndim; a-- > 1;) input_strides[a - 1] = input_strides[a] * chunk.shape()[a];
  for (std::size_t a = 0; a < ndim; ++a) {
    shape[a] = chunk.shape()[static_cast<std::size_t>(axes[a])];
    strides[a] = input_strides[static_cast<std::size_t>(axes[a])];
  }
  Chunk out(chunk.dtype(), shape);
  if (out.size() == 0) return out;
  visit_dtype(chunk.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    if (ndim == 2) {  // Eigen's blocked copy
      out.matrix<T>() = chunk.matrix<T>().transpose();
      return;
    }
    const T* in = chunk.data<T>();
    T* dst = out.data<T>();
    const std::int64_t inner = ndim == 0 ? 1 : shape[ndim - 1];
    const std::int64_t inner_stride = ndim == 0 ? 1 : strides[ndim - 1];
    Shape position(ndim, 0);  // over every output axis but the last, as an odometer
    for (std::int64_t r = 0, rows = out.size() / inner; r < rows; ++r, dst += inner) {
      std::int64_t s = 0;
      for (std::size_t a = 0; a + 1 < ndim; ++a) s += position[a] * strides[a];
      for (std::int64_t j = 0; j < inner; ++j) dst[j] = in[s + j * inner_stride];
      for (std::size_t a = ndim - 1; a-- > 0;) {
        if (++position[a] < shape[a]) break;
        position[a] = 0;
      }
    }
  });
  return out;
}

}  // namespace dtask::array::detail
