// Hashes of table rows over some key columns. They are the same on every rank and in every run
// (no per-process seed), so hash partitioning (shuffle, merge, groupby's split_out) sends equal
// keys to the same partition wherever the rows were hashed.
//
//   std::vector<std::uint64_t> h = dtask::hash_rows(table, {table.position("asin")});
//   std::size_t part = h[row] % npartitions;
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include <dtask/core/table.hpp>

namespace dtask {

// A 64-bit finaliser (good avalanche, two multiplies).
inline std::uint64_t mix_hash(std::uint64_t x) noexcept {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

inline std::uint64_t hash_int64(std::int64_t v) noexcept {
  return mix_hash(static_cast<std::uint64_t>(v) ^ 0x9e3779b97f4a7c15ULL);
}

// Eight bytes at a time: fast for the short ids dataframes group by.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    h = mix_hash(h ^ word);
  }
  if (i < s.size()) {
    std::uint64_t tail = 0;
    std::memcpy(&tail, s.data() + i, s.size() - i);
    h = mix_hash(h ^ tail ^ 0xff51afd7ed558ccdULL);
  }
  return h;
}

// The hash of one row of one column (equal values hash equal; -0.0 as 0.0, every NaN alike).
std::uint64_t hash_value(const Column& column, std::size_t row) noexcept;

// The hash of every row over the columns at these positions, combined in order.
std::vector<std::uint64_t> hash_rows(const Table& table, std::span<const std::size_t> columns);
// The same for rows [begin, begin + hashes.size()), into hashes: a long table by blocks.
void hash_rows(const Table& table, std::span<const std::size_t> columns, std::size_t begin,
               std::span<std::uint64_t> hashes);

// Whether row i of a (over columns ca) equals row j of b (over cb), column by column; two
// missing values are equal, as groupby and merge treat them (pandas' dropna=False).
bool rows_equal(const Table& a, std::size_t i, std::span<const std::size_t> ca, const Table& b,
                std::size_t j, std::span<const std::size_t> cb) noexcept;

}  // namespace dtask
