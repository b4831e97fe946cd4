// Running a Program over one output block, tile by tile (see expression.hpp).
#include <cmath>
#include <cstring>

#include "expression.hpp"
#include "vector_math.hpp"

namespace dtask::array {

namespace {

template <class T>
using Flat = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using ConstFlat = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;

// Integers wrap around on overflow, as NumPy's do (signed overflow is undefined in C++).
std::int64_t wrap(std::uint64_t x) { return static_cast<std::int64_t>(x); }
std::uint64_t bits(std::int64_t x) { return static_cast<std::uint64_t>(x); }

std::int64_t integer_power(std::int64_t base, std::int64_t exponent) {
  if (exponent < 0) DTASK_THROW(ValueError, "integers to negative integer powers are not allowed");
  std::uint64_t result = 1, factor = bits(base);
  for (; exponent > 0; exponent >>= 1, factor *= factor) {
    if (exponent & 1) result *= factor;
  }
  return wrap(result);
}

template <class R, class T, class F>
void each(const T* x, R* y, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) y[i] = f(x[i]);
}

template <class R, class T, class F>
void each(const T* x, const T* z, R* y, std::int64_t n, F f) {
  for (std::int64_t i = 0; i < n; ++i) y[i] = f(x[i], z[i]);
}

// Unary instructions on operands of type T. Floating functions only ever see float types: the
// builder casts integers first.
template <class T>
void unary(Op op, const T* x, void* out, std::int64_t n) {
  T* y = static_cast<T*>(out);
  bool* flag = static_cast<bool*>(out);
  if constexpr (std::is_floating_point_v<T>) {
    const ConstFlat<T> a(x, n);
    Flat<T> r(y, n);
    switch (op) {
      case Op::negative: return each(x, y, n, [](T v) { return -v; });
      case Op::absolute: r = a.abs(); return;
      case Op::sqrt: r = a.sqrt(); return;
      case Op::exp: r = a.exp(); return;
      case Op::log: r = a.log(); return;
      case Op::log1p: r = a.log1p(); return;
      case Op::expm1: r = a.expm1(); return;
      case Op::sin:
        if constexpr (std::is_same_v<T, double>) detail::sin_float64(x, y, n);
        else r = a.sin();
        return;
      case Op::cos:
        if constexpr (std::is_same_v<T, double>) detail::cos_float64(x, y, n);
        else r = a.cos();
        return;
      case Op::tan: r = a.tan(); return;
      case Op::arcsin: r = a.asin(); return;
      case Op::arccos: r = a.acos(); return;
      case Op::arctan: r = a.atan(); return;
      case Op::sinh: r = a.sinh(); return;
      case Op::cosh: r = a.cosh(); return;
      case Op::tanh: r = a.tanh(); return;
      case Op::floor: r = a.floor(); return;
      case Op::ceil: r = a.ceil(); return;
      case Op::rint: r = a.rint(); return;  // half to even, as numpy.round
      case Op::square: r = a.square(); return;
      case Op::sign: return each(x, y, n, [](T v) { return v > 0 ? T(1) : v < 0 ? T(-1) : v == 0 ? T(0) : v; });
      case Op::isnan: return each(x, flag, n, [](T v) { return std::isnan(v); });
      case Op::isinf: return each(x, flag, n, [](T v) { return std::isinf(v); });
      case Op::isfinite: return each(x, flag, n, [](T v) { return std::isfinite(v); });
      default: break;
    }
  } else {
    switch (op) {
      case Op::isnan:
      case Op::isinf: std::fill_n(flag, n, false); return;
      case Op::isfinite: std::fill_n(flag, n, true); return;
      case Op::absolute: return each(x, y, n, [](T v) { return v < 0 ? T(wrap(-bits(v))) : v; });
      default: break;
    }
    if constexpr (std::is_same_v<T, bool>) {
      if (op == Op::invert) return each(x, y, n, [](bool v) { return !v; });
    } else {
      switch (op) {
        case Op::negative: return each(x, y, n, [](T v) { return wrap(-bits(v)); });
        case Op::square: return each(x, y, n, [](T v) { return wrap(bits(v) * bits(v)); });
        case Op::sign: return each(x, y, n, [](T v) { return T((v > 0) - (v < 0)); });
        case Op::invert: return each(x, y, n, [](T v) { return T(~v); });
        default: break;
      }
    }
  }
  DTASK_THROW(ValueError, "no elementwise kernel for this operation on " + std::string(dtype_name(dtype_of<T>)));
}

template <class T>
void binary(Op op, const T* x, const T* z, void* out, std::int64_t n) {
  T* y = static_cast<T*>(out);
  bool* flag = static_cast<bool*>(out);
  switch (op) {
    case Op::equal: return each(x, z, flag, n, [](T a, T b) { return a == b; });
    case Op::not_equal: return each(x, z, flag, n, [](T a, T b) { return a != b; });
    case Op::less: return each(x, z, flag, n, [](T a, T b) { return a < b; });
    case Op::less_equal: return each(x, z, flag, n, [](T a, T b) { return a <= b; });
    case Op::greater: return each(x, z, flag, n, [](T a, T b) { return a > b; });
    case Op::greater_equal: return each(x, z, flag, n, [](T a, T b) { return a >= b; });
    // NaN wins, as in numpy.maximum and minimum.
    case Op::maximum: return each(x, z, y, n, [](T a, T b) { return a > b || a != a ? a : b; });
    case Op::minimum: return each(x, z, y, n, [](T a, T b) { return a < b || a != a ? a : b; });
    default: break;
  }
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
      case Op::add: return each(x, z, y, n, [](T a, T b) { return a + b; });
      case Op::subtract: return each(x, z, y, n, [](T a, T b) { return a - b; });
      case Op::multiply: return each(x, z, y, n, [](T a, T b) { return a * b; });
      case Op::divide: return each(x, z, y, n, [](T a, T b) { return a / b; });
      case Op::power: return each(x, z, y, n, [](T a, T b) { return std::pow(a, b); });
      default: break;
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    switch (op) {
      case Op::add:
      case Op::bitwise_or: return each(x, z, y, n, [](bool a, bool b) { return a || b; });
      case Op::multiply:
      case Op::bitwise_and: return each(x, z, y, n, [](bool a, bool b) { return a && b; });
      default: break;
    }
  } else {
    switch (op) {
      case Op::add: return each(x, z, y, n, [](T a, T b) { return wrap(bits(a) + bits(b)); });
      case Op::subtract: return each(x, z, y, n, [](T a, T b) { return wrap(bits(a) - bits(b)); });
      case Op::multiply: return each(x, z, y, n, [](T a, T b) { return wrap(bits(a) * bits(b)); });
      case Op::power: return each(x, z, y, n, integer_power);
      case Op::bitwise_and: return each(x, z, y, n, [](T a, T b) { return T(a & b); });
      case Op::bitwise_or: return each(x, z, y, n, [](T a, T b) { return T(a | b); });
      default: break;
    }
  }
  DTASK_THROW(ValueError, "no elementwise kernel for this operation on " + std::string(dtype_name(dtype_of<T>)));
}

// One instruction over n elements; registers hold the operands' tiles.
void run(const Instruction& in, const std::vector<Instruction>& code, const std::vector<const void*>& regs,
         void* out, std::int64_t n) {
  const auto reg = [&](std::int32_t r) { return regs[static_cast<std::size_t>(r)]; };
  const DType operand = code[static_cast<std::size_t>(in.op == Op::where ? in.b : in.a)].dtype;
  visit_dtype(operand, [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* a = static_cast<const T*>(reg(in.a));
    if (in.op == Op::cast) {
      visit_dtype(in.dtype, [&](auto to) {
        using R = typename decltype(to)::type;
        each(a, static_cast<R*>(out), n, convert<R, T>);
      });
    } else if (in.op == Op::where) {
      const bool* c = static_cast<const bool*>(reg(in.a));
      const T* b = static_cast<const T*>(reg(in.b));
      const T* d = static_cast<const T*>(reg(in.c));
      T* y = static_cast<T*>(out);
      for (std::int64_t i = 0; i < n; ++i) y[i] = c[i] ? b[i] : d[i];
    } else if (in.b >= 0) {
      binary(in.op, a, static_cast<const T*>(reg(in.b)), out, n);
    } else {
      unary(in.op, a, out, n);
    }
  });
}

// A leaf's chunk read as the output block: element offsets per output axis, 0 on axes the
// leaf repeats (missing or of extent 1).
class Broadcast {
 public:
  Broadcast(const Chunk& leaf, const Shape& block) : leaf_(leaf), block_(block.empty() ? Shape{1} : block) {
    strides_.assign(block_.size(), 0);
    std::int64_t stride = 1;
    const Shape& shape = leaf.shape();
    for (std::size_t i = shape.size(); i-- > 0;) {
      const std::size_t axis = block_.size() - shape.size() + i;
      if (shape[i] != 1) strides_[axis] = stride;
      stride *= shape[i];
    }
  }

  bool direct() const { return leaf_.size() == shape_size(block_); }
  const std::byte* at(std::int64_t element) const {
    return leaf_.bytes() + element * static_cast<std::int64_t>(itemsize(leaf_.dtype()));
  }

  // Elements [start, start + n) of the broadcast leaf, row by row of the last axis.
  template <class T>
  void gather(std::int64_t start, std::int64_t n, T* out) const {
    const T* data = reinterpret_cast<const T*>(leaf_.bytes());
    Shape index = unflatten_index(start);
    const std::int64_t last = block_.back();
    for (std::int64_t done = 0; done < n;) {
      const std::int64_t run = std::min(n - done, last - index.back());
      std::int64_t offset = 0;
      for (std::size_t a = 0; a < index.size(); ++a) offset += index[a] * strides_[a];
      if (strides_.back() == 0) {
        std::fill_n(out + done, run, data[offset]);
      } else {
        std::copy_n(data + offset, run, out + done);
      }
      done += run;
      index.back() += run;
      for (std::size_t a = index.size() - 1; a > 0 && index[a] == block_[a]; --a) {
        index[a] = 0;
        ++index[a - 1];
      }
    }
  }

 private:
  Shape unflatten_index(std::int64_t flat) const {
    Shape index(block_.size());
    for (std::size_t a = block_.size(); a-- > 0;) {
      index[a] = flat % block_[a];
      flat /= block_[a];
    }
    return index;
  }

  Chunk leaf_;
  Shape block_;
  Shape strides_;
};

void fill_constant(const Instruction& in, void* out) {
  visit_dtype(in.dtype, [&](auto tag) {
    using T = typename decltype(tag)::type;
    std::fill_n(static_cast<T*>(out), tile_elements,
                is_floating(in.dtype) ? static_cast<T>(in.number) : static_cast<T>(in.integer));
  });
}

}  // namespace

Chunk evaluate(const Program& program, const Shape& block_shape, const std::vector<Chunk>& leaves) {
  const std::vector<Instruction>& code = program.code;
  const std::size_t last = code.size() - 1;
  Chunk out(program.dtype(), block_shape);
  const std::int64_t size = out.size();
  if (size == 0) return out;

  // One 64-byte-aligned tile per register (a Chunk is such a buffer), so that vectorised loops
  // split every tile the same way on every rank.
  Chunk scratch(DType::float64, Shape{static_cast<std::int64_t>(code.size()) * tile_elements});
  const auto tile_of = [&](std::size_t r) { return scratch.data<double>() + r * tile_elements; };
  std::vector<std::optional<Broadcast>> loads(code.size());
  for (std::size_t r = 0; r < code.size(); ++r) {
    if (code[r].op == Op::load) loads[r].emplace(leaves.at(static_cast<std::size_t>(code[r].a)), block_shape);
    if (code[r].op == Op::constant) fill_constant(code[r], tile_of(r));
  }

  std::vector<const void*> regs(code.size());
  const std::size_t out_itemsize = itemsize(out.dtype());
  for (std::int64_t start = 0; start < size; start += tile_elements) {
    const std::int64_t n = std::min(tile_elements, size - start);
    std::byte* out_tile = out.bytes() + start * static_cast<std::int64_t>(out_itemsize);
    for (std::size_t r = 0; r < code.size(); ++r) {
      const Instruction& in = code[r];
      void* dst = r == last ? static_cast<void*>(out_tile) : static_cast<void*>(tile_of(r));
      if (in.op == Op::load) {
        const Broadcast& leaf = *loads[r];
        if (leaf.direct()) {
          regs[r] = leaf.at(start);
        } else {
          visit_dtype(in.dtype, [&](auto tag) {
            leaf.gather(start, n, static_cast<typename decltype(tag)::type*>(dst));
          });
          regs[r] = dst;
        }
      } else if (in.op == Op::constant) {
        regs[r] = tile_of(r);
      } else {
        run(in, code, regs, dst, n);
        regs[r] = dst;
      }
    }
    if (regs[last] != out_tile) std::memcpy(out_tile, regs[last], static_cast<std::size_t>(n) * out_itemsize);
  }
  return out;
}

}  // namespace dtask::array
