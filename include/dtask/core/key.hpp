// Key: the name of one task's result, as in Dask: a plain name ("inc-3f") or a name with a
// chunk index (("random-9a1c", 0, 2)). Keys are values, hashed once at construction, ordered
// by name then index.
//
//   Key k("x-9a1c", {0, 2});
//   k.name();      // "x-9a1c"
//   k.index()[1];  // 2
//   k.str();       // "('x-9a1c', 0, 2)"
//
// The name and the index share one string (name, then a NUL and the index as raw int32s):
// a key is 40 bytes, one comparison, and short delayed keys copy without allocating.
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/tracking.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dtask {

class Key {
 public:
  using Index = boost::container::small_vector<std::int32_t, 4>;

  Key() : Key(std::string()) {}
  // A name must not contain a NUL character.
  explicit Key(std::string name) : repr_(std::move(name)), hash_(hash_of(repr_)) {}
  Key(std::string_view name, const Index& index);
  Key(std::string_view name, std::initializer_list<std::int32_t> index)
      : Key(name, Index(index)) {}

  std::string_view name() const noexcept { return {repr_.data(), name_size()}; }
  std::size_t ndim() const noexcept;
  Index index() const;
  std::size_t hash() const noexcept { return hash_; }

  // Dask's string form: "name" or "('name', i, j)".
  std::string str() const;
  // The task prefix: the name without its token ("random_sample-9a1c" -> "random_sample").
  std::string prefix() const;

  friend bool operator==(const Key& a, const Key& b) noexcept {
    return a.hash_ == b.hash_ && a.repr_ == b.repr_;
  }
  friend bool operator<(const Key& a, const Key& b) noexcept;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & repr_;
    if constexpr (Archive::is_loading::value) hash_ = hash_of(repr_);
  }

 private:
  static std::size_t hash_of(std::string_view repr) noexcept;
  std::size_t name_size() const noexcept;

  std::string repr_;
  std::size_t hash_;
};

// The prefix of a key name, as Dask's key_split: words after the first are kept while they are
// alphabetic and not an 8-character hex token. A view into name.
std::string_view key_prefix(std::string_view name);

// A key name unique in this process: prefix-<counter>, as Dask's impure keys.
std::string unique_name(const std::string& prefix);

struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept { return k.hash(); }
};

}  // namespace dtask

// Written inline, without class info or object tracking: Boost then serialises a key (or a list
// of keys) by a direct call instead of a class lookup per object (the protocol writes thousands
// a message).
BOOST_CLASS_IMPLEMENTATION(dtask::Key, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(dtask::Key, boost::serialization::track_never)
BOOST_CLASS_IMPLEMENTATION(std::vector<dtask::Key>, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(std::vector<dtask::Key>, boost::serialization::track_never)
