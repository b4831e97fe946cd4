// DType: the element types of array chunks, named as NumPy names them, and NumPy's rules for
// combining them.
//
//   dtask::promote_types(DType::int64, DType::float32);   // float64, as numpy.promote_types
//   dtask::visit_dtype(d, [](auto tag) { using T = typename decltype(tag)::type; ... });
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

#include <dtask/core/error.hpp>

namespace dtask {

// Ordered by NumPy's kind: bool < integer < floating; the numbers travel in raw shapes.
enum class DType : std::uint8_t { bool_ = 0, int64 = 1, float32 = 2, float64 = 3 };

std::string_view dtype_name(DType dtype);  // "bool", "int64", "float32", "float64"
DType dtype_from_name(std::string_view name);  // throws ValueError for another name
std::size_t itemsize(DType dtype);
bool is_floating(DType dtype);

// numpy.promote_types: the smallest type both convert to without losing range
// (int64 with float32 gives float64, as in NumPy).
DType promote_types(DType a, DType b);

template <class T> struct DTypeOf;
template <> struct DTypeOf<bool> { static constexpr DType value = DType::bool_; };
template <> struct DTypeOf<std::int64_t> { static constexpr DType value = DType::int64; };
template <> struct DTypeOf<float> { static constexpr DType value = DType::float32; };
template <> struct DTypeOf<double> { static constexpr DType value = DType::float64; };
template <class T> inline constexpr DType dtype_of = DTypeOf<std::remove_cv_t<T>>::value;

// Calls f(std::type_identity<T>{}) with T the C++ type of dtype: the one switch every kernel
// uses to go from a run-time dtype to compiled code.
template <class F>
decltype(auto) visit_dtype(DType dtype, F&& f) {
  switch (dtype) {
    case DType::bool_: return f(std::type_identity<bool>{});
    case DType::int64: return f(std::type_identity<std::int64_t>{});
    case DType::float32: return f(std::type_identity<float>{});
    case DType::float64: return f(std::type_identity<double>{});
  }
  DTASK_THROW(ValueError, "unknown dtype code " + std::to_string(static_cast<int>(dtype)));
}

}  // namespace dtask
