// Chunk: one block of an array: a dtype, a shape and a 64-byte-aligned buffer in row-major (C)
// order, the order of NumPy and HDF5. Kernels view it through Eigen maps.
//
//   dtask::Chunk c(dtask::DType::float64, {3, 4});   // uninitialised
//   c.matrix<double>().setOnes();                    // a 3x4 row-major Eigen::Map
//   Eigen::MatrixXd m = c;                           // converted to any Eigen matrix or vector
//
// A Chunk is a handle: copies share the buffer. The task that makes a chunk fills it before
// returning it; once it is a task's result (a Value) nobody writes to it again.
#pragma once

#include <Eigen/Core>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dtask/core/dtype.hpp>
#include <dtask/core/error.hpp>
#include <dtask/core/raw_buffer.hpp>
#include <dtask/core/size_of.hpp>

namespace dtask {

using Shape = std::vector<std::int64_t>;

template <class T>
using RowMajorMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T>
using FlatArray = Eigen::Array<T, Eigen::Dynamic, 1>;

std::string to_string(const Shape& shape);  // "(3, 4)", as NumPy prints shapes
std::int64_t shape_size(const Shape& shape);  // product of the extents (1 for a 0-d shape)

class Chunk {
 public:
  Chunk() : Chunk(DType::float64, Shape{0}) {}
  Chunk(DType dtype, Shape shape);  // uninitialised contents

  // A chunk holding a copy of an Eigen matrix or vector (2-D: rows x cols, whatever its storage
  // order), or of one number (0-d).
  template <class Derived>
  static Chunk from_eigen(const Eigen::DenseBase<Derived>& m);
  template <class T>
  static Chunk scalar(T value);

  DType dtype() const noexcept { return dtype_; }
  const Shape& shape() const noexcept { return shape_; }
  std::size_t ndim() const noexcept { return shape_.size(); }
  std::int64_t size() const noexcept { return size_; }
  std::size_t nbytes() const noexcept { return static_cast<std::size_t>(size_) * itemsize(dtype_); }

  std::byte* bytes() noexcept { return buffer_.get(); }
  const std::byte* bytes() const noexcept { return buffer_.get(); }
  template <class T> T* data() { check_dtype(dtype_of<T>); return reinterpret_cast<T*>(buffer_.get()); }
  template <class T> const T* data() const { check_dtype(dtype_of<T>); return reinterpret_cast<const T*>(buffer_.get()); }

  // All elements in memory order.
  template <class T> Eigen::Map<FlatArray<T>> flat() { return {data<T>(), size_}; }
  template <class T> Eigen::Map<const FlatArray<T>> flat() const { return {data<T>(), size_}; }
  // 2-D chunks as rows x cols, 1-D as a column, 0-d as 1 x 1; throws for more axes.
  template <class T> Eigen::Map<RowMajorMatrix<T>> matrix() { auto [r, c] = matrix_extents(); return {data<T>(), r, c}; }
  template <class T> Eigen::Map<const RowMajorMatrix<T>> matrix() const { auto [r, c] = matrix_extents(); return {data<T>(), r, c}; }

  Chunk astype(DType dtype) const;  // a converted copy (a shared handle when dtype is the same)
  Chunk copy() const;               // a copy with a buffer of its own
  bool same_bits(const Chunk& other) const;  // same dtype, shape and bytes

  // Converting copies to Eigen, from any dtype.
  template <class T> Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> to_matrix() const;
  // 0-d, 1-d, or 2-d with one row or one column.
  template <class T> Eigen::Matrix<T, Eigen::Dynamic, 1> to_vector() const;
  template <class T> T item() const;  // the one element of a chunk of size 1

  template <class S, int R, int C, int O, int MR, int MC>
  operator Eigen::Matrix<S, R, C, O, MR, MC>() const {
    if constexpr (R == 1 || C == 1) {
      Eigen::Matrix<S, Eigen::Dynamic, 1> v = to_vector<S>();
      if constexpr (R == 1) return v.transpose(); else return v;
    } else {
      return to_matrix<S>();
    }
  }

  template <class Archive> void save(Archive& ar, unsigned) const;
  template <class Archive> void load(Archive& ar, unsigned);
  BOOST_SERIALIZATION_SPLIT_MEMBER()

 private:
  std::pair<Eigen::Index, Eigen::Index> matrix_extents() const;
  void check_dtype(DType wanted) const;

  DType dtype_ = DType::float64;
  Shape shape_;
  std::int64_t size_ = 0;
  std::shared_ptr<std::byte[]> buffer_;
};

// Freed buffers of large chunks are kept for reuse by the next chunk of the same size, up to
// 128 MiB per process by default. Pooled buffers stay resident: a worker under a memory limit
// keeps the pool to a small share of it.
void set_chunk_buffer_pool_capacity(std::size_t bytes);

template <class Derived>
Chunk Chunk::from_eigen(const Eigen::DenseBase<Derived>& m) {
  using T = std::remove_cv_t<typename Derived::Scalar>;
  Chunk c(dtype_of<T>, Shape{m.rows(), m.cols()});
  c.matrix<T>() = m.derived();
  return c;
}

template <class T>
Chunk Chunk::scalar(T value) {
  Chunk c(dtype_of<T>, Shape{});
  *c.data<T>() = value;
  return c;
}

template <class T>
Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> Chunk::to_matrix() const {
  return visit_dtype(dtype_, [&](auto tag) -> Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> {
    using S = typename decltype(tag)::type;
    return matrix<S>().template cast<T>();
  });
}

template <class T>
Eigen::Matrix<T, Eigen::Dynamic, 1> Chunk::to_vector() const {
  const bool vector_like = ndim() <= 1 || (ndim() == 2 && (shape_[0] == 1 || shape_[1] == 1));
  if (!vector_like) DTASK_THROW(ValueError, "a chunk of shape " + to_string(shape_) + " is not a vector");
  return visit_dtype(dtype_, [&](auto tag) -> Eigen::Matrix<T, Eigen::Dynamic, 1> {
    using S = typename decltype(tag)::type;
    return flat<S>().template cast<T>().matrix();
  });
}

template <class T>
T Chunk::item() const {
  if (size_ != 1) DTASK_THROW(ValueError, "item() needs a chunk of one element, not shape " + to_string(shape_));
  return visit_dtype(dtype_, [&](auto tag) { return static_cast<T>(*data<typename decltype(tag)::type>()); });
}

template <class Archive>
void Chunk::save(Archive& ar, unsigned) const {
  const auto code = static_cast<std::uint8_t>(dtype_);
  ar << code << shape_;
  ar.save_binary(bytes(), nbytes());
}

template <class Archive>
void Chunk::load(Archive& ar, unsigned) {
  std::uint8_t code = 0;
  Shape shape;
  ar >> code >> shape;
  *this = Chunk(static_cast<DType>(code), std::move(shape));
  ar.load_binary(bytes(), nbytes());
}

template <>
struct SizeOf<Chunk> {
  static std::size_t of(const Chunk& c) { return sizeof(Chunk) + c.nbytes(); }
};

// Chunks travel as raw bytes: the raw shape is the dtype code, then the extents.
template <>
struct RawBuffer<Chunk> {
  static constexpr bool enabled = true;
  static RawShape shape(const Chunk& c);
  static const void* data(const Chunk& c) { return c.bytes(); }
  static std::size_t size(const Chunk& c) { return c.nbytes(); }
  static std::shared_ptr<Chunk> make(const RawShape& shape);
};

}  // namespace dtask
