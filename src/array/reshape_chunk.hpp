// The task that hands on an input chunk under another shape of the same size and/or another
// dtype: how reshape, stack and concatenate refer to input chunks. When neither changes, the
// task returns the input's handle (no copy).
#pragma once

#include <dtask/core/chunk.hpp>
#include <dtask/core/task.hpp>

namespace dtask::array::detail {

Task view_task(const Key& input, const Shape& shape, DType dtype);

}  // namespace dtask::array::detail
