// Arrays made from nothing or from memory, as numpy / dask.array's creation functions.
//
//   namespace da = dtask::array;
//   auto z = da::zeros({7, 13}, 3);                          // chunks of 3 x 3, ragged at the end
//   auto r = da::random::random({100000, 100000}, {1000, 1000}, /*seed=*/0);
//   auto m = da::from_eigen(Eigen::MatrixXd::Random(50, 40), {16, 16});
//
// Chunks default to "auto" (about 128 MiB per chunk). Random values depend only on the seed and
// the chunking (each chunk draws from a counter-based generator keyed by seed and block
// index), never on the number of ranks or threads.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>

#include <dtask/array/array.hpp>

namespace dtask::array {

Array empty(const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(), DType dtype = DType::float64);
Array zeros(const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(), DType dtype = DType::float64);
Array ones(const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(), DType dtype = DType::float64);
Array full(const Shape& shape, double value, const ChunkSpec& chunks = ChunkSpec::automatic(), DType dtype = DType::float64);

// [start, stop) in steps of step, as numpy.arange: int64 when start, stop and step are
// integers, float64 otherwise (or dtype when given). The step is required so that
// arange(10, 3), like NumPy's arange(10, chunks=3), means 0..9 in chunks of 3.
Array arange(double start, double stop, double step, const ChunkSpec& chunks = ChunkSpec::automatic(),
             std::optional<DType> dtype = std::nullopt);
Array arange(std::int64_t stop, const ChunkSpec& chunks = ChunkSpec::automatic());
// num values from start to stop (included unless endpoint is false), as numpy.linspace.
Array linspace(double start, double stop, std::int64_t num, const ChunkSpec& chunks = ChunkSpec::automatic(),
               bool endpoint = true, DType dtype = DType::float64);
// Ones on the k-th diagonal of an n x m matrix (m defaults to n).
Array eye(std::int64_t n, const ChunkSpec& chunks = ChunkSpec::automatic(), std::optional<std::int64_t> m = std::nullopt,
          std::int64_t k = 0, DType dtype = DType::float64);

// An array holding a copy of whole (on the caller), cut into chunks; each chunk travels with
// its task.
Array from_chunk(const Chunk& whole, const ChunkSpec& chunks = ChunkSpec::automatic());
template <class Derived>
Array from_eigen(const Eigen::DenseBase<Derived>& m, const ChunkSpec& chunks = ChunkSpec::automatic()) {
  return from_chunk(Chunk::from_eigen(m), chunks);
}
// Copies shape_size(shape) row-major elements from data.
template <class T>
Array from_buffer(const T* data, const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic()) {
  Chunk whole(dtype_of<T>, shape);
  std::copy(data, data + whole.size(), whole.data<T>());
  return from_chunk(whole, chunks);
}

namespace random {

// Uniform on [0, 1), as numpy.random.random.
Array random(const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(), std::uint64_t seed = 0,
             DType dtype = DType::float64);
Array uniform(double low, double high, const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(),
              std::uint64_t seed = 0, DType dtype = DType::float64);
Array normal(double loc, double scale, const Shape& shape, const ChunkSpec& chunks = ChunkSpec::automatic(),
             std::uint64_t seed = 0, DType dtype = DType::float64);
// Integers in [low, high), as numpy.random.Generator.integers.
Array integers(std::int64_t low, std::int64_t high, const Shape& shape,
               const ChunkSpec& chunks = ChunkSpec::automatic(), std::uint64_t seed = 0);

}  // namespace random

}  // namespace dtask::array
