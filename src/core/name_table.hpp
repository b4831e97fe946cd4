// A hash table keyed by name and looked up by std::string_view, without building a string:
// the function and value-type registries are searched for every task a worker receives.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace dtask::detail {

struct NameHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view name) const noexcept { return std::hash<std::string_view>{}(name); }
};

template <class T>
using NameTable = std::unordered_map<std::string, T, NameHash, std::equal_to<>>;

}  // namespace dtask::detail
