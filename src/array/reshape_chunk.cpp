#include "reshape_chunk.hpp"

#include <cstring>

namespace dtask::array::detail {

namespace {

Chunk view_chunk(const Chunk& chunk, const Shape& shape, std::int64_t dtype) {
  const Chunk cast = chunk.astype(static_cast<DType>(dtype));  // the same handle for the same dtype
  if (cast.shape() == shape) return cast;
  if (shape_size(shape) != cast.size()) {
    DTASK_THROW(ValueError, "cannot view a chunk of shape " + to_string(cast.shape()) + " as " + to_string(shape));
  }
  Chunk out(cast.dtype(), shape);
  std::memcpy(out.bytes(), cast.bytes(), cast.nbytes());
  return out;
}

const Function& view_function = register_function("array.view", &view_chunk, "view");

}  // namespace

Task view_task(const Key& input, const Shape& shape, DType dtype) {
  return Task(view_function, {input, Value(shape), Value(static_cast<std::int64_t>(dtype))});
}

}  // namespace dtask::array::detail
