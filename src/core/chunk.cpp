#include <dtask/core/chunk.hpp>

#include <cstring>

#include "chunk_buffers.hpp"

namespace dtask {

std::string to_string(const Shape& shape) {
  std::string s = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) s += ", ";
    s += std::to_string(shape[i]);
  }
  if (shape.size() == 1) s += ",";
  return s + ")";
}

std::int64_t shape_size(const Shape& shape) {
  std::int64_t n = 1;
  for (std::int64_t extent : shape) n *= extent;
  return n;
}

Chunk::Chunk(DType dtype, Shape shape) : dtype_(dtype), shape_(std::move(shape)) {
  for (std::int64_t extent : shape_) {
    if (extent < 0) DTASK_THROW(ValueError, "negative extent in chunk shape " + to_string(shape_));
  }
  size_ = shape_size(shape_);
  buffer_ = detail::allocate_chunk_buffer(nbytes());
}

Chunk Chunk::astype(DType dtype) const {
  if (dtype == dtype_) return *this;
  Chunk out(dtype, shape_);
  visit_dtype(dtype_, [&](auto from) {
    visit_dtype(dtype, [&](auto to) {
      using F = typename decltype(from)::type;
      using T = typename decltype(to)::type;
      out.flat<T>() = flat<F>().template cast<T>();
    });
  });
  return out;
}

Chunk Chunk::copy() const {
  Chunk out(dtype_, shape_);
  if (nbytes() > 0) std::memcpy(out.bytes(), bytes(), nbytes());
  return out;
}

bool Chunk::same_bits(const Chunk& other) const {
  return dtype_ == other.dtype_ && shape_ == other.shape_ &&
         (nbytes() == 0 || std::memcmp(bytes(), other.bytes(), nbytes()) == 0);
}

std::pair<Eigen::Index, Eigen::Index> Chunk::matrix_extents() const {
  switch (shape_.size()) {
    case 0: return {1, 1};
    case 1: return {shape_[0], 1};
    case 2: return {shape_[0], shape_[1]};
    default: DTASK_THROW(ValueError, "a chunk of shape " + to_string(shape_) + " is not a matrix");
  }
}

void Chunk::check_dtype(DType wanted) const {
  if (wanted != dtype_) {
    DTASK_THROW(TypeError, "chunk holds " + std::string(dtype_name(dtype_)) + ", not " +
                               std::string(dtype_name(wanted)));
  }
}

RawShape RawBuffer<Chunk>::shape(const Chunk& c) {
  if (c.ndim() + 1 > RawShape::static_capacity) {
    DTASK_THROW(ValueError, "chunks of more than " + std::to_string(RawShape::static_capacity - 1) +
                                " dimensions cannot be sent");
  }
  RawShape raw{static_cast<std::int64_t>(c.dtype())};
  raw.insert(raw.end(), c.shape().begin(), c.shape().end());
  return raw;
}

std::shared_ptr<Chunk> RawBuffer<Chunk>::make(const RawShape& raw) {
  if (raw.empty() || raw[0] < 0 || raw[0] > static_cast<std::int64_t>(DType::float64)) {
    DTASK_THROW(ValueError, "malformed raw chunk shape");
  }
  return std::make_shared<Chunk>(static_cast<DType>(raw[0]), Shape(raw.begin() + 1, raw.end()));
}

}  // namespace dtask
