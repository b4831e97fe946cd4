// Reductions, as NumPy's and dask.array's: sum, prod, mean, min, max, var, std, any, all,
// argmin, argmax, over one axis, several or all, with keepdims.
//
//   namespace da = dtask::array;
//   auto x = da::random::random({100000, 100000}, {1000, 1000});
//   Eigen::VectorXd m = da::mean(x, 1).compute();               // one value per row
//   auto s = da::sum(x, {0, 1}, {.keepdims = true});            // shape (1, 1)
//   auto v = x.var({}, {.ddof = 1});                            // every axis
//
// Each works as Dask's: a step on every chunk (fused with the task that made the chunk), then a
// tree whose nodes combine at most split_every partial results of one output chunk, in the order
// of the chunks, then a final step. The tree depends only on the chunking, so results are the
// same bits at any number of ranks and threads. No axis of chunks is ever gathered at once.
//
// Result dtypes follow NumPy: sum and prod of bool or int64 are int64; mean, var and std of bool
// or int64 are float64; float32 stays float32 (sums are accumulated in float64 and rounded once
// at the end); min and max keep the dtype; any and all are bool; argmin and argmax are int64.
// NaN propagates through min and max, and wins in argmin and argmax, as in NumPy. var and std
// combine per-chunk (count, mean, M2) with Chan's formula, never a sum of squares.
//
// Axes are checked when the expression is built: out of range or repeated axes, split_every
// below 2, and min, max, argmin or argmax over an empty axis throw dtask::ValueError.
#pragma once

#include <concepts>
#include <optional>

#include <dtask/array/array.hpp>

namespace dtask::array {

Array sum(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array prod(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array mean(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array min(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array max(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array var(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array std(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array any(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
Array all(const Array& x, const Axes& axis = {}, const ReduceOptions& options = {});
// One axis, or none: the flat (row-major) index over the whole array, as NumPy.
Array argmin(const Array& x, std::optional<int> axis = std::nullopt, const ReduceOptions& options = {});
Array argmax(const Array& x, std::optional<int> axis = std::nullopt, const ReduceOptions& options = {});

// One axis as a plain integer, as NumPy's mean(x, axis=1): da::mean(x, 1). (A template, so that
// a braced list such as {} or {1} still means Axes.)
#define DTASK_DETAIL_ONE_AXIS(name)                                                         \
  template <std::integral I>                                                                \
  Array name(const Array& x, I axis, const ReduceOptions& options = {}) {                   \
    return name(x, Axes{static_cast<int>(axis)}, options);                                  \
  }
DTASK_DETAIL_ONE_AXIS(sum)
DTASK_DETAIL_ONE_AXIS(prod)
DTASK_DETAIL_ONE_AXIS(mean)
DTASK_DETAIL_ONE_AXIS(min)
DTASK_DETAIL_ONE_AXIS(max)
DTASK_DETAIL_ONE_AXIS(var)
DTASK_DETAIL_ONE_AXIS(std)
DTASK_DETAIL_ONE_AXIS(any)
DTASK_DETAIL_ONE_AXIS(all)
#undef DTASK_DETAIL_ONE_AXIS

}  // namespace dtask::array
