// RawBuffer<T>: types whose contents are one contiguous block of plain numbers (std::vector of
// arithmetic types, dense Eigen matrices and arrays, Chunks) have a one-part raw form
// (raw_form.hpp): their shape as the description, their buffer as the part.
#pragma once

#include <Eigen/Core>
#include <boost/container/static_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

#include <dtask/core/error.hpp>
#include <dtask/core/raw_form.hpp>

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

// Every type with a raw form, seen one way (what Value uses): multi-part types through
// RawParts, single buffers as their shape (a count, then the extents) and one part.
template <class T>
inline constexpr bool has_raw_form_v = RawParts<T>::enabled || RawBuffer<T>::enabled;

template <class T>
void write_raw(const T& object, RawWriter& out) {
  static_assert(!(RawParts<T>::enabled && RawBuffer<T>::enabled), "one raw form per type");
  if constexpr (RawParts<T>::enabled) {
    RawParts<T>::write(object, out);
  } else {
    const RawShape shape = RawBuffer<T>::shape(object);
    out.integer(shape.size());
    for (std::int64_t extent : shape) out.integer(static_cast<std::uint64_t>(extent));
    out.part(RawBuffer<T>::data(object), RawBuffer<T>::size(object));
  }
}

// A new object from a description; in collects where its parts go.
template <class T>
std::shared_ptr<T> make_raw(RawReader& in) {
  if constexpr (RawParts<T>::enabled) {
    auto object = std::make_shared<T>();
    RawParts<T>::read(in, *object);
    return object;
  } else {
    const std::uint64_t count = in.integer();
    if (count > RawShape::static_capacity) DTASK_THROW(ValueError, "malformed raw shape of " + std::to_string(count) + " extents");
    RawShape shape;
    for (std::uint64_t i = 0; i < count; ++i) shape.push_back(static_cast<std::int64_t>(in.integer()));
    auto object = RawBuffer<T>::make(shape);
    in.part(const_cast<void*>(RawBuffer<T>::data(*object)), RawBuffer<T>::size(*object));
    return object;
  }
}

}  // namespace dtask
