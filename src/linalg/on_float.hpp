// on_float(dtype, f): calls f(double{}) or f(float{}) for a float64 or float32 block, so that a
// block kernel is one template; any other dtype is a TypeError.
//
//   return on_float(c.dtype(), [&]<class T>(T) { Chunk out = c.copy(); ...; return out; });
#pragma once

#include <string>

#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>

namespace dtask::linalg::detail {

template <class F>
auto on_float(DType dtype, F&& f) {
  if (dtype == DType::float64) return f(double{});
  if (dtype == DType::float32) return f(float{});
  DTASK_THROW(TypeError, "linear algebra needs float32 or float64 blocks, not " + std::string(dtype_name(dtype)));
}

}  // namespace dtask::linalg::detail
