#include <dtask/array/reductions.hpp>

#include "reduction_tree.hpp"

namespace dtask::array {

namespace {

using detail::Reduction;

// 1 for each reduced axis; no axes means all of them.
Shape reduced_axes(const Array& x, const Axes& axes) {
  Shape reduced(x.ndim(), axes.empty() ? 1 : 0);
  for (int axis : axes) {
    const auto a = static_cast<std::size_t>(normalize_axis(axis, x.ndim()));
    if (reduced[a] != 0) DTASK_THROW(ValueError, "duplicate value in axis: " + std::to_string(axis));
    reduced[a] = 1;
  }
  return reduced;
}

// NumPy's result dtypes.
DType result_dtype(Reduction r, DType input) {
  switch (r) {
    case Reduction::sum:
    case Reduction::prod: return is_floating(input) ? input : DType::int64;
    case Reduction::mean:
    case Reduction::var:
    case Reduction::std: return input == DType::float32 ? DType::float32 : DType::float64;
    case Reduction::min:
    case Reduction::max: return input;
    case Reduction::any:
    case Reduction::all: return DType::bool_;
    case Reduction::argmin:
    case Reduction::argmax: return DType::int64;
  }
  DTASK_THROW(ValueError, "unknown reduction");
}

bool has_identity(Reduction r) {
  return r != Reduction::min && r != Reduction::max && r != Reduction::argmin && r != Reduction::argmax;
}

Array reduce(const Array& x, Reduction r, const std::string& name, const Axes& axes, const ReduceOptions& options) {
  if (options.split_every < 2) {
    DTASK_THROW(ValueError, "split_every must be at least 2, not " + std::to_string(options.split_every));
  }
  const Shape reduced = reduced_axes(x, axes);
  if (!has_identity(r)) {
    bool empty_axis = false;
    std::int64_t out_size = 1;
    for (std::size_t a = 0; a < x.ndim(); ++a) {
      if (reduced[a] != 0) empty_axis = empty_axis || x.shape()[a] == 0;
      else out_size *= x.shape()[a];
    }
    if (empty_axis && out_size > 0) {
      DTASK_THROW(ValueError, name + " of an empty axis: zero-size array of shape " + to_string(x.shape()) +
                                  " has no identity for " + name);
    }
  }
  return detail::tree_reduce(x, {r, name, result_dtype(r, x.dtype()), reduced, options});
}

Axes one_or_all(std::optional<int> axis) { return axis ? Axes{*axis} : Axes{}; }

}  // namespace

Array sum(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::sum, "sum", axis, options); }
Array prod(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::prod, "prod", axis, options); }
Array mean(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::mean, "mean", axis, options); }
Array min(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::min, "min", axis, options); }
Array max(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::max, "max", axis, options); }
Array var(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::var, "var", axis, options); }
Array std(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::std, "std", axis, options); }
Array any(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::any, "any", axis, options); }
Array all(const Array& x, const Axes& axis, const ReduceOptions& options) { return reduce(x, Reduction::all, "all", axis, options); }
Array argmin(const Array& x, std::optional<int> axis, const ReduceOptions& options) {
  return reduce(x, Reduction::argmin, "argmin", one_or_all(axis), options);
}
Array argmax(const Array& x, std::optional<int> axis, const ReduceOptions& options) {
  return reduce(x, Reduction::argmax, "argmax", one_or_all(axis), options);
}

Array Array::sum(const Axes& axis, const ReduceOptions& options) const { return array::sum(*this, axis, options); }
Array Array::prod(const Axes& axis, const ReduceOptions& options) const { return array::prod(*this, axis, options); }
Array Array::mean(const Axes& axis, const ReduceOptions& options) const { return array::mean(*this, axis, options); }
Array Array::min(const Axes& axis, const ReduceOptions& options) const { return array::min(*this, axis, options); }
Array Array::max(const Axes& axis, const ReduceOptions& options) const { return array::max(*this, axis, options); }
Array Array::var(const Axes& axis, const ReduceOptions& options) const { return array::var(*this, axis, options); }
Array Array::std(const Axes& axis, const ReduceOptions& options) const { return array::std(*this, axis, options); }
Array Array::any(const Axes& axis, const ReduceOptions& options) const { return array::any(*this, axis, options); }
Array Array::all(const Axes& axis, const ReduceOptions& options) const { return array::all(*this, axis, options); }
Array Array::argmin(std::optional<int> axis, const ReduceOptions& options) const {
  return array::argmin(*this, axis, options);
}
Array Array::argmax(std::optional<int> axis, const ReduceOptions& options) const {
  return array::argmax(*this, axis, options);
}

}  // namespace dtask::array
