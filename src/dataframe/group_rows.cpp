#include "group_rows.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <new>
#include <string_view>
#include <utility>

#include <sys/mman.h>

#include <dtask/core/row_hash.hpp>

namespace dtask::dataframe {

namespace {

// One entry of the open-addressing table: 32 bytes, two per cache line.
struct Slot {
  std::uint64_t hash;
  std::uint32_t group;     // no_group: empty
  std::uint32_t size;      // of a string key
  std::uint64_t words[2];  // an int64 key, or a string key's first 16 bytes (zero padded)
};

// Bytes [0, min(n, 16)) of p as two little-endian words, zero padded. avail: bytes readable
// from p (at least 16 lets both words load whole and be masked).
inline void prefix_words(const char* p, std::size_t n, std::size_t avail, std::uint64_t out[2]) noexcept {
  if (avail >= 16) {
    std::memcpy(out, p, 16);
    if (n < 16) {
      if (n < 8) {
        out[0] &= n == 0 ? 0 : ~std::uint64_t{0} >> (64 - 8 * n);
        out[1] = 0;
      } else {
        out[1] &= n == 8 ? 0 : ~std::uint64_t{0} >> (64 - 8 * (n - 8));
      }
    }
    return;
  }
  out[0] = out[1] = 0;
  std::memcpy(out, p, std::min<std::size_t>(n, 16));
}

// A key policy gives, for row r: probe(r), the row's hash and whatever else compares it fast;
// fill(slot, probe) stores what equal(slot, probe, r, first_row) compares with.

// Keys of one int64 column: the value lives in the slot, so equal keys never touch the table.
struct Int64Keys {
  struct Probe {
    std::uint64_t hash;
    std::uint64_t value;
  };
  const Column& column;
  const std::int64_t* values = column.int64s().data();
  bool valid(std::size_t r) const noexcept { return column.is_valid(r); }
  Probe probe(std::size_t r) const noexcept { return {hash_int64(values[r]), static_cast<std::uint64_t>(values[r])}; }
  static void fill(Slot& slot, const Probe& p) noexcept { slot.words[0] = p.value; }
  bool equal(const Slot& slot, const Probe& p, std::size_t /*r*/, const std::uint32_t* /*first_row*/) const noexcept {
    return slot.words[0] == p.value;
  }
};

// Keys of one string column: length and first 16 bytes in the slot and the probe; longer keys
// compare the rest with the group's first row.
struct StringKeys {
  struct Probe {
    std::uint64_t hash;
    std::uint64_t words[2];
    std::uint64_t size;
  };
  const Column& column;
  const std::uint64_t* offsets = column.string_offsets().data();
  const char* chars = column.string_bytes().data();
  const std::size_t total = column.string_bytes().size();
  std::string_view at(std::size_t r) const noexcept {
    return {chars + offsets[r], static_cast<std::size_t>(offsets[r + 1] - offsets[r])};
  }
  bool valid(std::size_t r) const noexcept { return column.is_valid(r); }
  Probe probe(std::size_t r) const noexcept {
    Probe p;
    p.size = offsets[r + 1] - offsets[r];
    prefix_words(chars + offsets[r], p.size, total - offsets[r], p.words);
    p.hash = mix_hash(p.words[0] + mix_hash(p.words[1] ^ p.size));
    if (p.size > 16) p.hash = mix_hash(p.hash ^ hash_bytes(at(r).substr(16)));
    return p;
  }
  static void fill(Slot& slot, const Probe& p) noexcept {
    slot.size = static_cast<std::uint32_t>(p.size);
    slot.words[0] = p.words[0];
    slot.words[1] = p.words[1];
  }
  bool equal(const Slot& slot, const Probe& p, std::size_t r, const std::uint32_t* first_row) const noexcept {
    if (slot.size != p.size || slot.words[0] != p.words[0] || slot.words[1] != p.words[1]) return false;
    return p.size <= 16 || at(r).substr(16) == at(first_row[slot.group]).substr(16);
  }
};

// Any key columns, missing values kept as values: hashes of the rows, equality of the rows
// (missing equals missing, NaN equals NaN).
struct RowKeys {
  struct Probe {
    std::uint64_t hash;
  };
  const Table& table;
  std::span<const std::size_t> keys;
  std::vector<std::uint64_t> hashes = hash_rows(table, keys);
  Probe probe(std::size_t r) const noexcept { return {hashes[r]}; }
  static void fill(Slot& /*slot*/, const Probe& /*p*/) noexcept {}
  bool equal(const Slot& slot, const Probe& /*p*/, std::size_t r, const std::uint32_t* first_row) const noexcept {
    return rows_equal(table, r, keys, table, first_row[slot.group], keys);
  }
};

// Slots in memory of their own: 2 MB aligned and marked for huge pages when large, as the
// table of many groups is probed at random and would otherwise miss the TLB on every row.
class SlotArray {
 public:
  explicit SlotArray(std::size_t n) : size_(n) {
    constexpr std::size_t huge = std::size_t{2} << 20;
    const std::size_t bytes = n * sizeof(Slot);
    if (bytes >= huge) {
      data_.reset(static_cast<Slot*>(std::aligned_alloc(huge, (bytes + huge - 1) / huge * huge)));
      madvise(data_.get(), bytes, MADV_HUGEPAGE);
    } else {
      data_.reset(static_cast<Slot*>(std::aligned_alloc(alignof(Slot), bytes)));
    }
    if (!data_) throw std::bad_alloc();
    std::memset(static_cast<void*>(data_.get()), 0xff, bytes);  // group no_group: empty
  }
  std::size_t size() const noexcept { return size_; }
  Slot& operator[](std::size_t i) noexcept { return data_[i]; }
  const Slot& operator[](std::size_t i) const noexcept { return data_[i]; }

 private:
  struct Free { void operator()(Slot* p) const noexcept { std::free(p); } };
  std::unique_ptr<Slot[], Free> data_;
  std::size_t size_;
};

class SlotTable {
 public:
  SlotTable() : slots_(1024), mask_(1023) {}
  const Slot* slot_address(std::uint64_t hash) const noexcept { return &slots_[hash & mask_]; }

  // The group of row r (hash h) of rows, a new one (numbered first_row.size()) when it is the
  // group's first row.
  template <class Keys>
  std::uint32_t find_or_add(const Keys& keys, std::size_t r, const typename Keys::Probe& probe,
                            std::vector<std::uint32_t>& first_row, std::size_t rows) {
    const std::uint64_t h = probe.hash;
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& slot = slots_[i];
      if (slot.group == no_group) {
        const auto g = static_cast<std::uint32_t>(first_row.size());
        first_row.push_back(static_cast<std::uint32_t>(r));
        slot.hash = h;
        slot.group = g;
        Keys::fill(slot, probe);
        if (2 * first_row.size() > slots_.size()) grow(2 * (first_row.size() * rows / (r + 1)));
        return g;
      }
      if (slot.hash == h && keys.equal(slot, probe, r, first_row.data())) return slot.group;
    }
  }

 private:
  // Doubles the table, or grows it up to 4 times towards `wanted` slots (the groups so far
  // extrapolated to every row); slots keep their hash, so no key is read again. Not 8: keys
  // repeat, so the early extrapolation overshoots, and a table 4 times too big (128 MB for
  // 400,000 groups) costs more in fresh pages than the extra growth step.
  void grow(std::size_t wanted) {
    std::size_t capacity = 2 * slots_.size();
    while (capacity < wanted && capacity < 4 * slots_.size()) capacity *= 2;
    SlotArray old = std::exchange(slots_, SlotArray(capacity));
    mask_ = capacity - 1;
    for (std::size_t k = 0; k < old.size(); ++k) {
      const Slot& s = old[k];
      if (s.group == no_group) continue;
      std::size_t i = s.hash & mask_;
      while (slots_[i].group != no_group) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }

  SlotArray slots_;
  std::size_t mask_;
};

// drop_nulls: rows where !keys.valid(r) get no group.
template <bool drop_nulls, class Keys>
RowGroups group_with(const Keys& keys, std::size_t rows) {
  RowGroups out;
  out.group_of_row.resize(rows);
  SlotTable table;
  // Probes (hashes) run `ahead` rows in front, their slots prefetched meanwhile: the table is
  // far larger than the cache when there are many groups.
  constexpr std::size_t ahead = 32;
  typename Keys::Probe ring[ahead];
  for (std::size_t r = 0; r < std::min(rows, ahead); ++r) ring[r] = keys.probe(r);
  for (std::size_t r = 0; r < rows; ++r) {
    const typename Keys::Probe probe = ring[r % ahead];
    if (r + ahead < rows) {
      ring[r % ahead] = keys.probe(r + ahead);
      __builtin_prefetch(table.slot_address(ring[r % ahead].hash));
    }
    if constexpr (drop_nulls) {
      if (!keys.valid(r)) {
        out.group_of_row[r] = no_group;
        continue;
      }
    }
    out.group_of_row[r] = table.find_or_add(keys, r, probe, out.first_row, rows);
  }
  return out;
}

// A float64 or bool column as int64s that are equal when the values are (0.0 and -0.0 alike),
// NaN and missing values missing.
Column int64_image(const Column& c) {
  std::vector<std::int64_t> image(c.size());
  std::vector<std::uint8_t> valid(c.size(), 1);
  for (std::size_t r = 0; r < c.size(); ++r) {
    valid[r] = c.is_valid(r);
    if (c.type() == ColumnType::boolean) {
      image[r] = c.bools()[r];
    } else {
      const double v = c.float64s()[r];
      if (std::isnan(v)) valid[r] = 0;
      image[r] = std::bit_cast<std::int64_t>(v == 0.0 ? 0.0 : v);
    }
  }
  Column out = Column::of(std::move(image));
  out.set_validity(std::move(valid));
  return out;
}

// One key column, rows with a missing key dropped.
RowGroups group_column(const Column& c, std::size_t rows) {
  if (c.type() == ColumnType::int64) return group_with<true>(Int64Keys{c}, rows);
  if (c.type() == ColumnType::string) return group_with<true>(StringKeys{c}, rows);
  const Column image = int64_image(c);
  return group_with<true>(Int64Keys{image}, rows);
}

}  // namespace

RowGroups group_rows(const Table& table, std::span<const std::size_t> keys, NullKeys nulls) {
  const std::size_t rows = table.rows();
  if (rows >= no_group) {
    DTASK_THROW(ValueError, "a partition of " + std::to_string(rows) + " rows: groupby takes fewer than 2^32 - 1");
  }
  if (nulls == NullKeys::group) {
    // Missing rows hold 0 or "": kept as a group they need the row comparison.
    if (keys.size() == 1 && !table.column(keys[0]).has_nulls()) return group_column(table.column(keys[0]), rows);
    return group_with<false>(RowKeys{table, keys}, rows);
  }
  // Several keys: each column grouped alone, then the pairs (groups so far, the column's
  // group) grouped as one int64 key, column after column; a row missing any key has none.
  RowGroups groups = group_column(table.column(keys[0]), rows);
  for (std::size_t k = 1; k < keys.size(); ++k) {
    const RowGroups column = group_column(table.column(keys[k]), rows);
    std::vector<std::int64_t> pairs(rows);
    std::vector<std::uint8_t> valid(rows, 1);
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint32_t a = groups.group_of_row[r], b = column.group_of_row[r];
      valid[r] = a != no_group && b != no_group;
      pairs[r] = static_cast<std::int64_t>((std::uint64_t{a} << 32) | b);
    }
    Column pair_column = Column::of(std::move(pairs));
    pair_column.set_validity(std::move(valid));
    groups = group_with<true>(Int64Keys{pair_column}, rows);
  }
  return groups;
}

}  // namespace dtask::dataframe
