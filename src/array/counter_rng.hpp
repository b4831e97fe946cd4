// A counter-based random generator: element i of a chunk is a pure function of (seed, block,
// i), so a chunk's values never depend on which rank or thread draws them, or in what order.
// The mixing is the splitmix64 finaliser over a Weyl sequence (Steele, Lea and Flood, 2014).
#pragma once

#include <cstdint>

namespace dtask::array::detail {

inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class CounterRng {
 public:
  CounterRng(std::uint64_t seed, std::uint64_t block) : key_(mix64(mix64(seed) + block * weyl)) {}

  std::uint64_t bits(std::uint64_t i) const { return mix64(key_ + (i + 1) * weyl); }
  // Uniform on [0, 1) with 53 (double) or 24 (float) random bits.
  double uniform_double(std::uint64_t i) const { return static_cast<double>(bits(i) >> 11) * 0x1.0p-53; }
  float uniform_float(std::uint64_t i) const { return static_cast<float>(bits(i) >> 40) * 0x1.0p-24f; }

 private:
  static constexpr std::uint64_t weyl = 0x9e3779b97f4a7c15ULL;
  std::uint64_t key_;
};

}  // namespace dtask::array::detail
