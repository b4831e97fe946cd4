// RawBuffer<T>: types whose contents are one contiguous block of plain numbers (std::vector of
// arithmetic types, dense Eigen matrices and arrays) travel between ranks without
// serialisation: their shape, then their bytes sent straight from the buffer and received
// straight into a new object of that shape.
#pragma once

#include <Eigen/Core>
#include <boost/container/static_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace dtask {

// The integers that describe a raw value's layout (a vector's length, a matrix's rows and
// columns, a chunk's dtype and extents): at most 10, kept inline.
using RawShape = boost::container::static_vector<std::int64_t, 10>;

template <class T, class Enable = void>
struct RawBuffer {
  static constexpr bool enabled = false;
};

template <class T>
struct RawBuffer<std::vector<T>, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>>> {
  static constexpr bool enabled = true;
  static RawShape shape(const std::vector<T>& v) { return {static_cast<std::int64_t>(v.size())}; }
  static const void* data(const std::vector<T>& v) { return v.data(); }
  static std::size_t size(const std::vector<T>& v) { return v.size() * sizeof(T); }
  static std::shared_ptr<std::vector<T>> make(const RawShape& shape) {
    return std::make_shared<std::vector<T>>(static_cast<std::size_t>(shape[0]));
  }
};

template <class Derived>
struct RawBuffer<Derived, std::enable_if_t<std::is_base_of_v<Eigen::PlainObjectBase<Derived>, Derived> &&
                                           std::is_arithmetic_v<typename Derived::Scalar>>> {
  static constexpr bool enabled = true;
  static RawShape shape(const Derived& m) { return {m.rows(), m.cols()}; }
  static const void* data(const Derived& m) { return m.data(); }
  static std::size_t size(const Derived& m) { return static_cast<std::size_t>(m.size()) * sizeof(typename Derived::Scalar); }
  static std::shared_ptr<Derived> make(const RawShape& shape) { return std::make_shared<Derived>(shape[0], shape[1]); }
};

}  // namespace dtask
