// FlatIndex: an open-addressing table from hashes to small integers (positions in a vector the
// caller owns), with the caller deciding equality. Building a plan looks up every key of the
// graph; this keeps those lookups to one or two cache lines each.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace dtask::detail {

class FlatIndex {
 public:
  static constexpr std::uint32_t none = UINT32_MAX;

  explicit FlatIndex(std::size_t expected = 16) {
    std::size_t capacity = 16;
    while (capacity < 2 * expected) capacity *= 2;
    slots_.assign(capacity, Slot{0, none});
  }

  // The value stored under hash for which equal(value) holds, or none.
  template <class Equal>
  std::uint32_t find(std::uint64_t hash, Equal&& equal) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(hash) & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.value == none) return none;
      if (s.hash == hash && equal(s.value)) return s.value;
    }
  }

  // Inserts value unless an equal one is there; returns the stored value and whether it is new.
  template <class Equal>
  std::pair<std::uint32_t, bool> insert(std::uint64_t hash, std::uint32_t value, Equal&& equal) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = mix(hash) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.value == none) {
        s = Slot{hash, value};
        ++size_;
        return {value, true};
      }
      if (s.hash == hash && equal(s.value)) return {s.value, false};
    }
  }

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t value;
  };

  // Spreads every bit of the hash into the low bits that pick the slot (murmur3's finaliser).
  static std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 33);
  }

  void grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{0, none});
    const std::size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value == none) continue;
      std::size_t i = mix(s.hash) & mask;
      while (slots_[i].value != none) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace dtask::detail
