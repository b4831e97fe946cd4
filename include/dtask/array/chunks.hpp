// How an array is cut into blocks: the chunk specification a user gives, resolved the way Dask's
// normalize_chunks resolves it, and the block arithmetic every array operation needs.
//
//   Chunks c = normalize_chunks(ChunkSpec(3), {7, 13}, sizeof(double));
//   to_string(c);                    // "((3, 3, 1), (3, 3, 3, 3, 1))"
//   normalize_chunks(ChunkSpec({auto_chunk, -1}), {100000, 1000}, 8);  // rows fill 128 MiB
//
// Everything here is a plain value: no graph, no I/O.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace dtask::array {

using Shape = std::vector<std::int64_t>;  // extents per axis
using Chunks =
    std::vector<std::vector<std::int64_t>>;  // chunk sizes per axis, each sums to the extent

// Dask's array.chunk-size: the bytes an "auto" block aims at.
inline constexpr std::int64_t default_auto_bytes = std::int64_t{128} << 20;

// One axis of a per-axis spec: a chunk size, -1 for the whole axis, or auto_chunk.
class AxisChunk {
 public:
  // Implicit, so that a per-axis spec reads like Dask's: {1000, -1, auto_chunk}.
  constexpr AxisChunk(std::int64_t size) : size_(size) {}  // NOLINT(google-explicit-constructor)

  static constexpr AxisChunk automatic() {
    AxisChunk axis(0);
    axis.auto_ = true;
    return axis;
  }

  constexpr bool is_auto() const { return auto_; }
  constexpr std::int64_t size() const { return size_; }

 private:
  std::int64_t size_;
  bool auto_ = false;
};

// Dask's "auto" for one axis.
inline constexpr AxisChunk auto_chunk = AxisChunk::automatic();

// A chunk specification as a user writes it, resolved against a shape by normalize_chunks:
//   ChunkSpec(1000)                     one size for every axis (-1: whole axes)
//   ChunkSpec({1000, -1, auto_chunk})   a size per axis; on a 1-d shape, several sizes are the
//                                       explicit sizes of its one axis, as in Dask
//   ChunkSpec(Chunks{{5, 5, 3}, {13}})  explicit sizes per axis
//   ChunkSpec::automatic()              "auto" on every axis: blocks of about 128 MiB
//   ChunkSpec::automatic(bytes)         "auto" with another byte target
//   ChunkSpec::automatic(bytes, {auto_chunk, -1})  a size per axis, "auto" aiming at bytes
// The constructors are implicit so that a function taking a ChunkSpec takes `1000` or
// `{1000, 500}` as Dask takes chunks=; `{1000}` is one axis, as Dask's (1000,).
class ChunkSpec {
 public:
  // One AxisChunk for every axis, one per axis, or explicit sizes.
  using Form = std::variant<AxisChunk, std::vector<AxisChunk>, Chunks>;

  ChunkSpec(std::int64_t size) : form_(AxisChunk(size)) {}  // NOLINT(google-explicit-constructor)
  ChunkSpec(std::initializer_list<AxisChunk> per_axis)      // NOLINT(google-explicit-constructor)
      : form_(std::vector<AxisChunk>(per_axis)) {}
  ChunkSpec(std::vector<AxisChunk> per_axis)  // NOLINT(google-explicit-constructor)
      : form_(std::move(per_axis)) {}
  ChunkSpec(Chunks sizes) : form_(std::move(sizes)) {}  // NOLINT(google-explicit-constructor)

  static ChunkSpec automatic(std::int64_t bytes = default_auto_bytes) {
    return with_bytes(auto_chunk, bytes);
  }
  static ChunkSpec automatic(std::int64_t bytes, std::vector<AxisChunk> per_axis) {
    return with_bytes(std::move(per_axis), bytes);
  }

  const Form& form() const { return form_; }
  std::int64_t auto_bytes() const { return auto_bytes_; }

 private:
  static ChunkSpec with_bytes(Form form, std::int64_t bytes) {
    ChunkSpec spec(0);
    spec.form_ = std::move(form);
    spec.auto_bytes_ = bytes;
    return spec;
  }

  Form form_;
  std::int64_t auto_bytes_ = default_auto_bytes;
};

// Resolves a spec against a shape: every axis gets sizes that sum to its extent, the last chunk
// ragged; an axis of extent 0 gets (0,), a 0-d shape gets no axes. itemsize is the dtype's bytes
// (for "auto"); previous holds the chunks of a source, whose aspect "auto" keeps (Dask's
// previous_chunks). Throws dtask::ValueError when the spec does not fit the shape.
Chunks normalize_chunks(const ChunkSpec& spec, const Shape& shape, std::size_t itemsize,
                        const Chunks& previous = {});

// Start of each chunk along an axis, then the extent: n + 1 values.
std::vector<std::int64_t> chunk_offsets(const std::vector<std::int64_t>& sizes);
// Chunks per axis.
Shape numblocks(const Chunks& chunks);
// Blocks in all: the product of numblocks (1 for a 0-d array).
std::int64_t block_count(const Chunks& chunks);
// Extents of the block at block_index.
Shape block_shape(const Chunks& chunks, const Shape& block_index);
// Row-major position of a block among all blocks, and back.
std::int64_t flat_block_index(const Shape& numblocks, const Shape& block_index);
Shape unflatten_block_index(const Shape& numblocks, std::int64_t flat);
// Dask's repr of chunks: ((5, 5, 3), (13,)).
std::string to_string(const Chunks& chunks);

}  // namespace dtask::array
