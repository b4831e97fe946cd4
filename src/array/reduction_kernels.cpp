#include "reduction_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <type_traits>

#include "reduction_arg.hpp"
#include "reduction_runs.hpp"

namespace dtask::array::detail {

namespace {

// The folds of one-field reductions: an identity, the fold of a contiguous run (an Eigen
// expression, vectorised) and the fold of two values.
struct SumOp {
  template <class A> static A identity() { return A(0); }
  template <class A, class E> static A run(const E& x) { return x.template cast<A>().sum(); }
  template <class A> static A fold(A a, A b) { return a + b; }
};

struct ProdOp {
  template <class A> static A identity() { return A(1); }
  template <class A, class E> static A run(const E& x) { return x.template cast<A>().prod(); }
  template <class A> static A fold(A a, A b) { return a * b; }
};

// min and max propagate NaN, as NumPy's.
struct MinOp {
  template <class A> static A identity() {
    if constexpr (std::is_same_v<A, bool>) return true;
    else return std::numeric_limits<A>::has_infinity ? std::numeric_limits<A>::infinity() : std::numeric_limits<A>::max();
  }
  template <class A, class E> static A run(const E& x) {
    if constexpr (std::is_same_v<A, bool>) return (x != typename E::Scalar(0)).all();
    else return x.template cast<A>().template minCoeff<Eigen::PropagateNaN>();
  }
  template <class A> static A fold(A a, A b) {
    if constexpr (std::is_floating_point_v<A>) {
      if (std::isnan(a) || std::isnan(b)) return a + b;
    }
    return b < a ? b : a;
  }
};

struct MaxOp {
  template <class A> static A identity() {
    if constexpr (std::is_same_v<A, bool>) return false;
    else return std::numeric_limits<A>::has_infinity ? -std::numeric_limits<A>::infinity() : std::numeric_limits<A>::lowest();
  }
  template <class A, class E> static A run(const E& x) {
    if constexpr (std::is_same_v<A, bool>) return (x != typename E::Scalar(0)).any();
    else return x.template cast<A>().template maxCoeff<Eigen::PropagateNaN>();
  }
  template <class A> static A fold(A a, A b) {
    if constexpr (std::is_floating_point_v<A>) {
      if (std::isnan(a) || std::isnan(b)) return a + b;
    }
    return b > a ? b : a;
  }
};

// A number is true when it is not zero (NaN is true), as in NumPy.
struct AnyOp {
  template <class A> static A identity() { return false; }
  template <class A, class E> static A run(const E& x) { return (x != typename E::Scalar(0)).any(); }
  template <class A> static A fold(A a, A b) { return a || b; }
};

struct AllOp {
  template <class A> static A identity() { return true; }
  template <class A, class E> static A run(const E& x) { return (x != typename E::Scalar(0)).all(); }
  template <class A> static A fold(A a, A b) { return a && b; }
};

// Folds chunk x (of element type T) into out[0, m) (of the accumulator type A).
template <class Op, class A, class T>
void fold_chunk(const Chunk& x, const Shape& reduced, A* out) {
  const T* in = x.data<T>();
  for_each_run(x.shape(), reduced, [&](std::int64_t i, std::int64_t o, std::int64_t n, bool folds) {
    if (folds) {
      out[o] = Op::fold(out[o], Op::template run<A>(Eigen::Map<const FlatArray<T>>(in + i, n)));
    } else {
      for (std::int64_t j = 0; j < n; ++j) out[o + j] = Op::fold(out[o + j], static_cast<A>(in[i + j]));
    }
  });
}

template <class Op>
Chunk fold_step(const Chunk& x, const Shape& reduced, DType acc) {
  const std::int64_t m = kept_size(x.shape(), reduced);
  Chunk out(acc, Shape{1, m});
  visit_dtype(acc, [&](auto acc_tag) {
    using A = typename decltype(acc_tag)::type;
    A* o = out.data<A>();
    std::fill(o, o + m, Op::template identity<A>());
    visit_dtype(x.dtype(), [&](auto tag) { fold_chunk<Op, A, typename decltype(tag)::type>(x, reduced, o); });
  });
  return out;
}

template <class Op>
Chunk fold_combine(const std::vector<Chunk>& parts) {
  Chunk out = parts.front().copy();
  visit_dtype(out.dtype(), [&](auto tag) {
    using A = typename decltype(tag)::type;
    A* o = out.data<A>();
    for (std::size_t p = 1; p < parts.size(); ++p) {
      const A* v = parts[p].data<A>();
      for (std::int64_t i = 0; i < out.size(); ++i) o[i] = Op::fold(o[i], v[i]);
    }
  });
  return out;
}

// var: the chunk's mean per output element, then M2 = sum of squared deviations from it
// (two passes over the chunk, which is in cache or close: stable, unlike a sum of squares).
template <class T>
void moments(const Chunk& x, const Shape& reduced, double* mean, double* m2, std::int64_t m) {
  std::fill(mean, mean + m, 0.0);
  std::fill(m2, m2 + m, 0.0);
  fold_chunk<SumOp, double, T>(x, reduced, mean);
  const std::int64_t count = reduced_size(x.shape(), reduced);
  if (count == 0) return;
  for (std::int64_t i = 0; i < m; ++i) mean[i] /= static_cast<double>(count);
  const T* in = x.data<T>();
  for_each_run(x.shape(), reduced, [&](std::int64_t i, std::int64_t o, std::int64_t n, bool folds) {
    if (folds) {
      m2[o] += (Eigen::Map<const FlatArray<T>>(in + i, n).template cast<double>() - mean[o]).square().sum();
    } else {
      for (std::int64_t j = 0; j < n; ++j) {
        const double d = static_cast<double>(in[i + j]) - mean[o + j];
        m2[o + j] += d * d;
      }
    }
  });
}

Chunk moments_step(const Chunk& x, const Shape& reduced) {
  const std::int64_t m = kept_size(x.shape(), reduced);
  Chunk out(DType::float64, Shape{2, m});
  double* mean = out.data<double>();
  visit_dtype(x.dtype(), [&](auto tag) { moments<typename decltype(tag)::type>(x, reduced, mean, mean + m, m); });
  return out;
}

// Chan, Golub and LeVeque's pairwise update of (count, mean, M2), partial by partial.
Chunk moments_combine(const std::vector<Chunk>& parts, const Shape& counts) {
  Chunk out = parts.front().copy();
  const std::int64_t m = out.shape()[1];
  double* mean = out.data<double>();
  double* m2 = mean + m;
  auto n = static_cast<double>(counts.front());
  for (std::size_t p = 1; p < parts.size(); ++p) {
    const auto nb = static_cast<double>(counts[p]);
    if (nb == 0) continue;
    const double* mean_b = parts[p].data<double>();
    const double* m2_b = mean_b + m;
    const double total = n + nb;
    for (std::int64_t i = 0; i < m; ++i) {
      const double delta = mean_b[i] - mean[i];
      mean[i] += delta * (nb / total);
      m2[i] += m2_b[i] + delta * delta * (n * nb / total);
    }
    n = total;
  }
  return out;
}

Reduction reduction_of(std::int64_t code) { return static_cast<Reduction>(code); }

// Field f of a partial as a chunk of the output's shape, in the partial's dtype.
Chunk field(const Chunk& partial, std::int64_t f, const Shape& out_shape) {
  Chunk out(partial.dtype(), out_shape);
  std::memcpy(out.bytes(), partial.bytes() + static_cast<std::size_t>(f) * out.nbytes(), out.nbytes());
  return out;
}

}  // namespace

DType accumulator_dtype(Reduction r, DType input) {
  switch (r) {
    case Reduction::sum:
    case Reduction::prod:
      return is_floating(input) ? DType::float64 : DType::int64;
    case Reduction::mean:
    case Reduction::var:
    case Reduction::std:
      return DType::float64;
    case Reduction::min:
    case Reduction::max:
      return input;
    case Reduction::any:
    case Reduction::all:
      return DType::bool_;
    case Reduction::argmin:
    case Reduction::argmax:
      return is_floating(input) ? DType::float64 : DType::int64;
  }
  DTASK_THROW(ValueError, "unknown reduction code " + std::to_string(static_cast<int>(r)));
}

Chunk reduce_chunk(const Chunk& x, std::int64_t reduction, const Shape& reduced, std::int64_t index_base,
                   const Shape& index_strides) {
  const Reduction r = reduction_of(reduction);
  const DType acc = accumulator_dtype(r, x.dtype());
  switch (r) {
    case Reduction::sum:
    case Reduction::mean: return fold_step<SumOp>(x, reduced, acc);
    case Reduction::prod: return fold_step<ProdOp>(x, reduced, acc);
    case Reduction::min: return fold_step<MinOp>(x, reduced, acc);
    case Reduction::max: return fold_step<MaxOp>(x, reduced, acc);
    case Reduction::any: return fold_step<AnyOp>(x, reduced, acc);
    case Reduction::all: return fold_step<AllOp>(x, reduced, acc);
    case Reduction::var:
    case Reduction::std: return moments_step(x, reduced);
    case Reduction::argmin:
    case Reduction::argmax: return arg_chunk(x, r == Reduction::argmin, reduced, index_base, index_strides);
  }
  DTASK_THROW(ValueError, "unknown reduction code " + std::to_string(reduction));
}

Chunk combine_partials(const std::vector<Chunk>& parts, std::int64_t reduction, const Shape& counts) {
  if (parts.size() == 1) return parts.front();
  switch (const Reduction r = reduction_of(reduction)) {
    case Reduction::sum:
    case Reduction::mean: return fold_combine<SumOp>(parts);
    case Reduction::prod: return fold_combine<ProdOp>(parts);
    case Reduction::min: return fold_combine<MinOp>(parts);
    case Reduction::max: return fold_combine<MaxOp>(parts);
    case Reduction::any: return fold_combine<AnyOp>(parts);
    case Reduction::all: return fold_combine<AllOp>(parts);
    case Reduction::var:
    case Reduction::std: return moments_combine(parts, counts);
    case Reduction::argmin:
    case Reduction::argmax: return arg_combine(parts, r == Reduction::argmin);
  }
  DTASK_THROW(ValueError, "unknown reduction code " + std::to_string(reduction));
}

Chunk finish_partials(const std::vector<Chunk>& parts, std::int64_t reduction, const Shape& counts,
                      const Shape& out_shape, std::int64_t out_dtype, std::int64_t ddof) {
  const Chunk total = combine_partials(parts, reduction, counts);
  const auto n = static_cast<double>(std::accumulate(counts.begin(), counts.end(), std::int64_t{0}));
  const auto dtype = static_cast<DType>(out_dtype);
  switch (reduction_of(reduction)) {
    case Reduction::mean: {
      Chunk sum = field(total, 0, out_shape);
      sum.flat<double>() /= n;
      return sum.astype(dtype);
    }
    case Reduction::var:
    case Reduction::std: {
      Chunk var = field(total, 1, out_shape);
      var.flat<double>() /= std::max(n - static_cast<double>(ddof), 0.0);
      if (reduction_of(reduction) == Reduction::std) var.flat<double>() = var.flat<double>().sqrt();
      return var.astype(dtype);
    }
    case Reduction::argmin:
    case Reduction::argmax: return field(total, 1, out_shape).astype(dtype);
    default: return field(total, 0, out_shape).astype(dtype);
  }
}

}  // namespace dtask::array::detail
