// SizeOf<T>::of(value): the bytes a value occupies, as the scheduler and the memory manager
// count them. Specialise it for your own types when sizeof is not the answer.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <type_traits>
#include <vector>

namespace dtask {

template <class T, class Enable = void>
struct SizeOf {
  static std::size_t of(const T&) { return sizeof(T); }
};

template <>
struct SizeOf<std::string> {
  static std::size_t of(const std::string& s) { return sizeof(std::string) + s.size(); }
};

template <class T>
struct SizeOf<std::vector<T>> {
  static std::size_t of(const std::vector<T>& v) {
    if constexpr (std::is_trivially_copyable_v<T>) {
      return sizeof(v) + v.size() * sizeof(T);
    } else {
      std::size_t n = sizeof(v);
      for (const auto& x : v) n += SizeOf<T>::of(x);
      return n;
    }
  }
};

template <class Derived>
struct SizeOf<Derived, std::enable_if_t<std::is_base_of_v<Eigen::DenseBase<Derived>, Derived>>> {
  static std::size_t of(const Derived& m) {
    return sizeof(Derived) + static_cast<std::size_t>(m.size()) * sizeof(typename Derived::Scalar);
  }
};

}  // namespace dtask
