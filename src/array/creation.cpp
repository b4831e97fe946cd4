#include <dtask/array/creation.hpp>

#include <cmath>
#include <numbers>

#include <dtask/array/copy_region.hpp>

#include "counter_rng.hpp"

namespace dtask::array {

namespace {

DType dtype_at(std::int64_t code) { return static_cast<DType>(code); }
std::int64_t code_of(DType dtype) { return static_cast<std::int64_t>(dtype); }

// Task functions. Literal arguments are plain numbers and shapes, so every rank can rebuild them.

Chunk empty_chunk(const Shape& shape, std::int64_t dtype) { return Chunk(dtype_at(dtype), shape); }

Chunk full_chunk(const Shape& shape, const Chunk& value) {
  Chunk out(value.dtype(), shape);
  visit_dtype(value.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    out.flat<T>().setConstant(*value.data<T>());
  });
  return out;
}

// Element i (counted from the array's start) is start + i * step, as numpy.arange and linspace;
// last_index/last_value pin linspace's endpoint exactly.
Chunk range_chunk(double start, double step, std::int64_t offset, std::int64_t length,
                  std::int64_t last_index, double last_value, std::int64_t dtype) {
  Chunk out(dtype_at(dtype), Shape{length});
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    T* p = out.data<T>();
    for (std::int64_t i = 0; i < length; ++i) {
      const std::int64_t global = offset + i;
      p[i] = static_cast<T>(global == last_index ? last_value : start + static_cast<double>(global) * step);
    }
  });
  return out;
}

Chunk eye_chunk(const Shape& shape, std::int64_t row0, std::int64_t col0, std::int64_t k, std::int64_t dtype) {
  Chunk out(dtype_at(dtype), shape);
  visit_dtype(out.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    auto m = out.matrix<T>();
    m.setZero();
    for (std::int64_t r = 0; r < shape[0]; ++r) {
      const std::int64_t c = row0 + r + k - col0;
      if (c >= 0 && c < shape[1]) m(r, c) = T(1);
    }
  });
  return out;
}

enum class Distribution : std::int64_t { uniform = 0, normal = 1 };

// Uniform and normal draws, scaled as a + b * x.
Chunk random_chunk(std::int64_t seed, std::int64_t block, const Shape& shape, std::int64_t distribution,
                   double a, double b, std::int64_t dtype) {
  const detail::CounterRng rng(static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(block));
  Chunk out(dtype_at(dtype), shape);
  const std::int64_t n = out.size();
  switch (static_cast<Distribution>(distribution)) {
    case Distribution::uniform:
      if (out.dtype() == DType::float32) {
        float* p = out.data<float>();
        for (std::int64_t i = 0; i < n; ++i) p[i] = static_cast<float>(a + b * rng.uniform_float(i));
      } else {
        double* p = out.data<double>();
        for (std::int64_t i = 0; i < n; ++i) p[i] = a + b * rng.uniform_double(i);
      }
      break;
    case Distribution::normal:
      // Box-Muller on the pair (2j, 2j + 1): element 2j takes the cosine, 2j + 1 the sine.
      visit_dtype(out.dtype(), [&](auto tag) {
        using T = typename decltype(tag)::type;
        T* p = out.data<T>();
        for (std::int64_t i = 0; i < n; ++i) {
          const std::int64_t pair = i / 2;
          const double u1 = 1.0 - rng.uniform_double(2 * pair);  // (0, 1]: log is finite
          const double u2 = rng.uniform_double(2 * pair + 1);
          const double radius = std::sqrt(-2.0 * std::log(u1));
          const double angle = 2.0 * std::numbers::pi * u2;
          p[i] = static_cast<T>(a + b * radius * (i % 2 == 0 ? std::cos(angle) : std::sin(angle)));
        }
      });
      break;
  }
  return out;
}

// The high half of a 64 x 64-bit product (unsigned __int128 is a GCC and Clang extension).
__extension__ using Uint128 = unsigned __int128;

// Integers in [low, high): the high 64 bits of bits * range (Lemire's multiply, no division).
Chunk integers_chunk(std::int64_t seed, std::int64_t block, const Shape& shape, std::int64_t low, std::int64_t high) {
  const detail::CounterRng rng(static_cast<std::uint64_t>(seed), static_cast<std::uint64_t>(block));
  Chunk out(DType::int64, shape);
  const auto range = static_cast<Uint128>(static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low));
  std::int64_t* p = out.data<std::int64_t>();
  for (std::int64_t i = 0; i < out.size(); ++i) {
    p[i] = low + static_cast<std::int64_t>((static_cast<Uint128>(rng.bits(i)) * range) >> 64);
  }
  return out;
}

Chunk literal_chunk(const Chunk& chunk) { return chunk; }

const Function& empty_function = register_function("array.empty", &empty_chunk, "empty");
const Function& full_function = register_function("array.full", &full_chunk, "full");
const Function& range_function = register_function("array.range", &range_chunk, "arange");
const Function& eye_function = register_function("array.eye", &eye_chunk, "eye");
const Function& random_function = register_function("array.random", &random_chunk, "random_sample");
const Function& integers_function = register_function("array.integers", &integers_chunk, "integers");
const Function& literal_function = register_function("array.from_chunk", &literal_chunk, "array");

Chunks resolve(const ChunkSpec& chunks, const Shape& shape, DType dtype) {
  for (std::int64_t extent : shape) {
    if (extent < 0) DTASK_THROW(ValueError, "negative dimensions are not allowed: shape " + to_string(shape));
  }
  return normalize_chunks(chunks, shape, itemsize(dtype));
}

Array filled(const std::string& prefix, const Shape& shape, const ChunkSpec& chunks, DType dtype,
             double value) {
  Chunks resolved = resolve(chunks, shape, dtype);
  const Value fill(Chunk::scalar(value).astype(dtype));
  return make_array(prefix, dtype, resolved, {}, [&](const Shape& block) {
    return Task(full_function, {Value(block_shape(resolved, block)), fill});
  });
}

Array range_array(const std::string& prefix, double start, double step, std::int64_t num,
                  std::int64_t last_index, double last_value, const ChunkSpec& chunks, DType dtype) {
  Chunks resolved = resolve(chunks, Shape{num}, dtype);
  const std::vector<std::int64_t> offsets = chunk_offsets(resolved[0]);
  return make_array(prefix, dtype, resolved, {}, [&](const Shape& block) {
    const auto b = static_cast<std::size_t>(block[0]);
    return Task(range_function, {Value(start), Value(step), Value(offsets[b]), Value(resolved[0][b]),
                                 Value(last_index), Value(last_value), Value(code_of(dtype))});
  });
}

bool is_integral(double x) { return std::isfinite(x) && x == std::floor(x); }

// A random array: each chunk's task gets the seed, its flat block index and its shape, then
// the arguments of its distribution.
template <class... Extra>
Array random_array(const std::string& prefix, const Function& function, const Shape& shape,
                   const ChunkSpec& chunks, std::uint64_t seed, DType dtype, Extra... extra) {
  Chunks resolved = resolve(chunks, shape, dtype);
  const Shape grid = numblocks(resolved);
  return make_array(prefix, dtype, resolved, {}, [&](const Shape& block) {
    return Task(function, {Value(static_cast<std::int64_t>(seed)), Value(flat_block_index(grid, block)),
                           Value(block_shape(resolved, block)), Value(extra)...});
  });
}

void require_floating(DType dtype, const char* what) {
  if (!is_floating(dtype)) {
    DTASK_THROW(ValueError, std::string(what) + " draws float32 or float64, not " + std::string(dtype_name(dtype)));
  }
}

}  // namespace

Array empty(const Shape& shape, const ChunkSpec& chunks, DType dtype) {
  Chunks resolved = resolve(chunks, shape, dtype);
  return make_array("empty", dtype, resolved, {}, [&](const Shape& block) {
    return Task(empty_function, {Value(block_shape(resolved, block)), Value(code_of(dtype))});
  });
}

Array zeros(const Shape& shape, const ChunkSpec& chunks, DType dtype) { return filled("zeros", shape, chunks, dtype, 0); }
Array ones(const Shape& shape, const ChunkSpec& chunks, DType dtype) { return filled("ones", shape, chunks, dtype, 1); }
Array full(const Shape& shape, double value, const ChunkSpec& chunks, DType dtype) {
  return filled("full", shape, chunks, dtype, value);
}

Array arange(double start, double stop, double step, const ChunkSpec& chunks, std::optional<DType> dtype) {
  if (step == 0 || !std::isfinite(step)) DTASK_THROW(ValueError, "arange needs a finite, non-zero step");
  const auto num = std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil((stop - start) / step)));
  const DType type = dtype.value_or(is_integral(start) && is_integral(stop) && is_integral(step) ? DType::int64
                                                                                                   : DType::float64);
  return range_array("arange", start, step, num, -1, 0, chunks, type);
}

Array arange(std::int64_t stop, const ChunkSpec& chunks) {
  return arange(0, static_cast<double>(stop), 1, chunks, DType::int64);
}

Array linspace(double start, double stop, std::int64_t num, const ChunkSpec& chunks, bool endpoint, DType dtype) {
  if (num < 0) DTASK_THROW(ValueError, "linspace needs num >= 0, not " + std::to_string(num));
  const std::int64_t intervals = endpoint ? num - 1 : num;
  const double step = intervals > 0 ? (stop - start) / static_cast<double>(intervals) : 0.0;
  return range_array("linspace", start, step, num, endpoint ? num - 1 : -1, stop, chunks, dtype);
}

Array eye(std::int64_t n, const ChunkSpec& chunks, std::optional<std::int64_t> m, std::int64_t k, DType dtype) {
  const Shape shape{n, m.value_or(n)};
  Chunks resolved = resolve(chunks, shape, dtype);
  const std::vector<std::int64_t> row_offsets = chunk_offsets(resolved[0]);
  const std::vector<std::int64_t> col_offsets = chunk_offsets(resolved[1]);
  return make_array("eye", dtype, resolved, {}, [&](const Shape& block) {
    return Task(eye_function, {Value(block_shape(resolved, block)), Value(row_offsets[block[0]]),
                               Value(col_offsets[block[1]]), Value(k), Value(code_of(dtype))});
  });
}

Array from_chunk(const Chunk& whole, const ChunkSpec& chunks) {
  Chunks resolved = normalize_chunks(chunks, whole.shape(), itemsize(whole.dtype()));
  std::vector<std::vector<std::int64_t>> offsets;
  for (const auto& sizes : resolved) offsets.push_back(chunk_offsets(sizes));
  return make_array("array", whole.dtype(), resolved, {}, [&](const Shape& block) {
    Shape start(block.size());
    for (std::size_t a = 0; a < block.size(); ++a) start[a] = offsets[a][block[a]];
    Chunk piece(whole.dtype(), block_shape(resolved, block));
    copy_region(whole, start, piece, Shape(block.size(), 0), piece.shape());
    return Task(literal_function, {Value(std::move(piece))});
  });
}

namespace random {

Array random(const Shape& shape, const ChunkSpec& chunks, std::uint64_t seed, DType dtype) {
  return uniform(0, 1, shape, chunks, seed, dtype);
}

Array uniform(double low, double high, const Shape& shape, const ChunkSpec& chunks, std::uint64_t seed, DType dtype) {
  require_floating(dtype, "uniform");
  return random_array("random_sample", random_function, shape, chunks, seed, dtype,
                      static_cast<std::int64_t>(Distribution::uniform), low, high - low, code_of(dtype));
}

Array normal(double loc, double scale, const Shape& shape, const ChunkSpec& chunks, std::uint64_t seed, DType dtype) {
  require_floating(dtype, "normal");
  if (scale < 0) DTASK_THROW(ValueError, "normal needs scale >= 0, not " + std::to_string(scale));
  return random_array("normal", random_function, shape, chunks, seed, dtype,
                      static_cast<std::int64_t>(Distribution::normal), loc, scale, code_of(dtype));
}

Array integers(std::int64_t low, std::int64_t high, const Shape& shape, const ChunkSpec& chunks, std::uint64_t seed) {
  if (high <= low) DTASK_THROW(ValueError, "integers needs low < high, got [" + std::to_string(low) + ", " +
                                               std::to_string(high) + ")");
  return random_array("integers", integers_function, shape, chunks, seed, DType::int64, low, high);
}

}  // namespace random

}  // namespace dtask::array
