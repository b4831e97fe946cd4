// Key: the name of one task's result, as in Dask: a plain name ("inc-3f") or a name with a
// chunk index (("random-9a1c", 0, 2)). Keys are values: cheap to copy for short names, hashed
// once at construction, ordered by name then index.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace dtask {

class Key {
 public:
  using Index = boost::container::small_vector<std::int32_t, 4>;

  Key() : Key(std::string()) {}
  explicit Key(std::string name, Index index = {});
  Key(std::string name, std::initializer_list<std::int32_t> index) : Key(std::move(name), Index(index)) {}

  const std::string& name() const noexcept { return name_; }
  const Index& index() const noexcept { return index_; }
  std::size_t hash() const noexcept { return hash_; }

  // Dask's string form: "name" or "('name', i, j)".
  std::string str() const;
  // The task prefix: the name without its token ("random_sample-9a1c" -> "random_sample").
  std::string prefix() const;

  friend bool operator==(const Key& a, const Key& b) noexcept {
    return a.hash_ == b.hash_ && a.index_ == b.index_ && a.name_ == b.name_;
  }
  friend bool operator<(const Key& a, const Key& b) noexcept {
    return a.name_ != b.name_ ? a.name_ < b.name_ : a.index_ < b.index_;
  }

  template <class Archive>
  void save(Archive& ar, unsigned /*version*/) const {
    std::uint32_t n = static_cast<std::uint32_t>(index_.size());
    ar << name_ << n;
    for (auto i : index_) ar << i;
  }
  template <class Archive>
  void load(Archive& ar, unsigned /*version*/) {
    std::string name;
    std::uint32_t n = 0;
    ar >> name >> n;
    Index index(n);
    for (auto& i : index) ar >> i;
    *this = Key(std::move(name), std::move(index));
  }
  template <class Archive>
  void serialize(Archive& ar, unsigned version) {
    if constexpr (Archive::is_saving::value) save(ar, version); else load(ar, version);
  }

 private:
  std::string name_;
  Index index_;
  std::size_t hash_;
};

// The prefix of a key name, as Dask's key_split: words after the first are kept while they are
// alphabetic and not an 8-character hex token.
std::string key_prefix(std::string_view name);

struct KeyHash {
  std::size_t operator()(const Key& k) const noexcept { return k.hash(); }
};

}  // namespace dtask
