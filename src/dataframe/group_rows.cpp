#include "group_rows.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string_view>

#include <dtask/core/row_hash.hpp>

namespace dtask::dataframe {

namespace {

// One entry of the open-addressing table: 32 bytes, two per cache line.
struct Slot {
  std::uint64_t hash;
  std::uint32_t group;  // no_group: empty
  std::uint32_t size;   // of a string key
  char bytes[16];       // an int64 key, or a string key's first 16 bytes
};

// Keys of one int64 column: the value lives in the slot, so equal keys never touch the table.
struct Int64Keys {
  const Column& column;
  bool valid(std::size_t r) const noexcept { return column.is_valid(r); }
  std::uint64_t hash(std::size_t r) const noexcept { return hash_int64(column.int64s()[r]); }
  void fill(Slot& slot, std::size_t r) const noexcept { std::memcpy(slot.bytes, &column.int64s()[r], 8); }
  bool equal(const Slot& slot, std::size_t r, std::size_t /*first*/) const noexcept {
    return std::memcmp(slot.bytes, &column.int64s()[r], 8) == 0;
  }
};

// Keys of one string column: length and first 16 bytes in the slot; longer keys compare the
// rest with the group's first row.
struct StringKeys {
  const Column& column;
  const std::uint64_t* offsets = column.string_offsets().data();
  const char* chars = column.string_bytes().data();
  std::string_view at(std::size_t r) const noexcept {
    return {chars + offsets[r], static_cast<std::size_t>(offsets[r + 1] - offsets[r])};
  }
  bool valid(std::size_t r) const noexcept { return column.is_valid(r); }
  std::uint64_t hash(std::size_t r) const noexcept { return hash_bytes(at(r)); }
  void fill(Slot& slot, std::size_t r) const noexcept {
    const std::string_view s = at(r);
    slot.size = static_cast<std::uint32_t>(s.size());
    std::memset(slot.bytes, 0, sizeof slot.bytes);
    std::memcpy(slot.bytes, s.data(), std::min<std::size_t>(s.size(), 16));
  }
  bool equal(const Slot& slot, std::size_t r, std::size_t first) const noexcept {
    const std::string_view s = at(r);
    if (slot.size != s.size()) return false;
    if (std::memcmp(slot.bytes, s.data(), std::min<std::size_t>(s.size(), 16)) != 0) return false;
    return s.size() <= 16 || s.substr(16) == at(first).substr(16);
  }
};

// Any key columns: hashes of the rows, equality of the rows (missing equals missing).
struct RowKeys {
  const Table& table;
  std::span<const std::size_t> keys;
  std::vector<std::uint64_t> hashes = hash_rows(table, keys);
  bool valid(std::size_t r) const noexcept {
    for (std::size_t k : keys) {
      const Column& c = table.column(k);
      if (!c.is_valid(r)) return false;
      if (c.type() == ColumnType::float64 && std::isnan(c.float64s()[r])) return false;
    }
    return true;
  }
  std::uint64_t hash(std::size_t r) const noexcept { return hashes[r]; }
  void fill(Slot& /*slot*/, std::size_t /*r*/) const noexcept {}
  bool equal(const Slot& /*slot*/, std::size_t r, std::size_t first) const noexcept {
    return rows_equal(table, r, keys, table, first, keys);
  }
};

class SlotTable {
 public:
  explicit SlotTable(std::size_t rows) {
    std::size_t capacity = 1024;
    while (capacity < 2 * std::min<std::size_t>(rows, 1 << 14)) capacity *= 2;
    resize(capacity);
  }
  const Slot* slot_address(std::uint64_t hash) const noexcept { return &slots_[hash & mask_]; }

  // The group of row r (hash h), a new one (numbered groups.size()) when it is the first.
  template <class Keys>
  std::uint32_t find_or_add(const Keys& keys, std::size_t r, std::uint64_t h,
                            std::vector<std::uint32_t>& first_row) {
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.group == no_group) {
        const auto g = static_cast<std::uint32_t>(first_row.size());
        first_row.push_back(static_cast<std::uint32_t>(r));
        slot.hash = h;
        slot.group = g;
        keys.fill(slot, r);
        if (2 * first_row.size() > slots_.size()) grow();
        return g;
      }
      if (slot.hash == h && keys.equal(slot, r, first_row[slot.group])) return slot.group;
    }
  }

 private:
  void resize(std::size_t capacity) {
    slots_.assign(capacity, Slot{0, no_group, 0, {}});
    mask_ = capacity - 1;
  }
  // Doubles the table; slots keep their hash, so no key is read again.
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    resize(old.size() * 2);
    for (const Slot& s : old) {
      if (s.group == no_group) continue;
      std::size_t i = s.hash & mask_;
      while (slots_[i].group != no_group) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
};

template <class Keys>
RowGroups group_with(const Keys& keys, std::size_t rows, bool drop_nulls) {
  RowGroups out;
  out.group_of_row.resize(rows);
  SlotTable table(rows);
  // Hashes run `ahead` rows in front of the probes, whose slots are prefetched meanwhile: the
  // table is far larger than the cache when there are many groups.
  constexpr std::size_t ahead = 16;
  std::uint64_t ring[ahead];
  for (std::size_t r = 0; r < std::min(rows, ahead); ++r) ring[r] = keys.hash(r);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint64_t h = ring[r % ahead];
    if (r + ahead < rows) {
      const std::uint64_t next = keys.hash(r + ahead);
      ring[r % ahead] = next;
      __builtin_prefetch(table.slot_address(next));
    }
    if (drop_nulls && !keys.valid(r)) {
      out.group_of_row[r] = no_group;
      continue;
    }
    out.group_of_row[r] = table.find_or_add(keys, r, h, out.first_row);
  }
  return out;
}

}  // namespace

RowGroups group_rows(const Table& table, std::span<const std::size_t> keys, NullKeys nulls) {
  const bool drop = nulls == NullKeys::drop;
  if (keys.size() == 1) {
    const Column& c = table.column(keys[0]);
    // Missing rows hold 0 or "": kept as a group they need the row comparison.
    if (drop || !c.has_nulls()) {
      if (c.type() == ColumnType::int64) return group_with(Int64Keys{c}, table.rows(), drop);
      if (c.type() == ColumnType::string) return group_with(StringKeys{c}, table.rows(), drop);
    }
  }
  return group_with(RowKeys{table, keys}, table.rows(), drop);
}

namespace {

// <0, 0, >0 as row a's value of c is before, equal to or after row b's; missing last.
int compare_values(const Column& c, std::size_t a, std::size_t b) noexcept {
  const bool va = c.is_valid(a), vb = c.is_valid(b);
  if (!va || !vb) return static_cast<int>(vb) - static_cast<int>(va);
  switch (c.type()) {
    case ColumnType::int64: {
      const std::int64_t x = c.int64s()[a], y = c.int64s()[b];
      return (x > y) - (x < y);
    }
    case ColumnType::float64: {
      const double x = c.float64s()[a], y = c.float64s()[b];
      return (x > y) - (x < y);
    }
    case ColumnType::boolean: return static_cast<int>(c.bools()[a]) - static_cast<int>(c.bools()[b]);
    case ColumnType::string: return c.string_at(a).compare(c.string_at(b));
  }
  return 0;
}

// The first 8 bytes of a string as a big-endian number: ordering by it orders by those bytes.
std::uint64_t string_prefix(std::string_view s) noexcept {
  unsigned char bytes[8] = {};
  std::memcpy(bytes, s.data(), std::min<std::size_t>(s.size(), 8));
  std::uint64_t v = 0;
  for (unsigned char b : bytes) v = (v << 8) | b;
  return v;
}

}  // namespace

std::vector<std::uint32_t> sorted_row_order(const Table& table, std::span<const std::size_t> keys) {
  std::vector<std::uint32_t> order(table.rows());
  for (std::size_t r = 0; r < order.size(); ++r) order[r] = static_cast<std::uint32_t>(r);
  const Column& first = table.column(keys[0]);
  if (keys.size() == 1 && first.type() == ColumnType::string && !first.has_nulls()) {
    // Most comparisons end within the first 8 bytes: sort (prefix, row) pairs, which stay in
    // the cache, and compare whole strings only on equal prefixes.
    struct Entry { std::uint64_t prefix; std::uint32_t row; };
    std::vector<Entry> entries(order.size());
    for (std::size_t r = 0; r < entries.size(); ++r) {
      entries[r] = {string_prefix(first.string_at(r)), static_cast<std::uint32_t>(r)};
    }
    std::sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
      if (a.prefix != b.prefix) return a.prefix < b.prefix;
      const int c = first.string_at(a.row).compare(first.string_at(b.row));
      return c != 0 ? c < 0 : a.row < b.row;
    });
    for (std::size_t r = 0; r < entries.size(); ++r) order[r] = entries[r].row;
    return order;
  }
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    for (std::size_t k : keys) {
      const int c = compare_values(table.column(k), a, b);
      if (c != 0) return c < 0;
    }
    return false;
  });
  return order;
}

}  // namespace dtask::dataframe
