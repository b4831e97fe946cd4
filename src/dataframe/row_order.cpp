#include "row_order.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <string>
#include <string_view>
#include <utility>

namespace dtask::dataframe {

namespace {

// An unsigned image of row r's value that orders as the values do; for strings, of their bytes
// [8 word, 8 word + 8).
std::uint64_t sort_image(const Column& c, std::size_t r, std::size_t word) noexcept {
  switch (c.type()) {
    case ColumnType::int64: return static_cast<std::uint64_t>(c.int64s()[r]) ^ (std::uint64_t{1} << 63);
    case ColumnType::float64: {
      const auto bits = std::bit_cast<std::uint64_t>(c.float64s()[r]);
      return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
    }
    case ColumnType::boolean: return c.bools()[r];
    case ColumnType::string: {
      // Big-endian, zero padded: "ab" < "abc" as 0x6162000000000000 < 0x6162630000000000.
      const std::string_view s = c.string_at(r);
      unsigned char bytes[8] = {};
      if (s.size() > 8 * word) std::memcpy(bytes, s.data() + 8 * word, std::min<std::size_t>(s.size() - 8 * word, 8));
      std::uint64_t v = 0;
      for (unsigned char b : bytes) v = (v << 8) | b;
      return v;
    }
  }
  return 0;
}

struct Entry {
  std::uint64_t image;
  std::uint32_t row;
};

// Stable LSD radix sort on the image, 11 bits a pass; passes where every entry has the same
// digit (leading bytes that all keys share) are skipped.
void radix_sort(std::vector<Entry>& entries) {
  constexpr int bits = 11;
  constexpr std::size_t buckets = std::size_t{1} << bits;
  std::vector<Entry> other(entries.size());
  std::vector<std::size_t> count(buckets);
  for (int shift = 0; shift < 64; shift += bits) {
    std::fill(count.begin(), count.end(), 0);
    for (const Entry& e : entries) ++count[(e.image >> shift) & (buckets - 1)];
    if (std::find(count.begin(), count.end(), entries.size()) != count.end()) continue;
    std::size_t sum = 0;
    for (std::size_t& c : count) sum += std::exchange(c, sum);
    for (const Entry& e : entries) other[count[(e.image >> shift) & (buckets - 1)]++] = e;
    entries.swap(other);
  }
}

// order, stably sorted by the values of c: radix sorted on their images. Strings are sorted on
// their first 8 bytes; when that leaves many ties and bytes 8-15 order them exactly (no string
// longer than 16 bytes or holding a zero byte, the padding), sorting on bytes 8-15 and then
// 0-7 again settles them; otherwise runs of equal first 8 bytes are sorted whole.
void stable_sort_by(const Column& c, std::vector<std::uint32_t>& order) {
  if (c.has_nulls()) DTASK_THROW(ValueError, "sorting rows by a key column with missing values");
  std::vector<Entry> entries(order.size());
  std::vector<std::uint64_t> images(order.size());
  auto sort_on = [&](std::size_t word) {
    // Images in row order, then gathered: reading the strings in `order` would miss the cache.
    for (std::size_t r = 0; r < images.size(); ++r) images[r] = sort_image(c, r, word);
    for (std::size_t i = 0; i < entries.size(); ++i) entries[i] = {images[order[i]], order[i]};
    radix_sort(entries);
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = entries[i].row;
  };
  sort_on(0);
  if (c.type() != ColumnType::string) return;
  std::size_t ties = 0;
  for (std::size_t i = 1; i < entries.size(); ++i) ties += entries[i].image == entries[i - 1].image;
  if (ties == 0) return;
  const std::span<const std::uint64_t> offsets = c.string_offsets();
  std::uint64_t longest = 0;
  for (std::size_t r = 0; r < c.size(); ++r) longest = std::max(longest, offsets[r + 1] - offsets[r]);
  if (ties > entries.size() / 64 && longest <= 16 && c.string_bytes().find('\0') == std::string::npos) {
    sort_on(1);
    sort_on(0);
    return;
  }
  for (std::size_t begin = 0; begin < entries.size();) {
    std::size_t end = begin + 1;
    while (end < entries.size() && entries[end].image == entries[begin].image) ++end;
    if (end - begin > 1) {
      std::stable_sort(order.begin() + static_cast<std::ptrdiff_t>(begin), order.begin() + static_cast<std::ptrdiff_t>(end),
                       [&](std::uint32_t a, std::uint32_t b) { return c.string_at(a) < c.string_at(b); });
    }
    begin = end;
  }
}

}  // namespace

// Stable sorts by the last key, then the one before, ..., then the first: rows end in the
// order of the first key, ties broken by the next, as a lexicographic comparison would.
std::vector<std::uint32_t> sorted_row_order(const Table& table, std::span<const std::size_t> keys) {
  std::vector<std::uint32_t> order(table.rows());
  std::iota(order.begin(), order.end(), 0U);
  for (std::size_t k = keys.size(); k-- > 0;) stable_sort_by(table.column(keys[k]), order);
  return order;
}

}  // namespace dtask::dataframe
