#include "hash_join.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include <dtask/core/row_hash.hpp>

namespace dtask::dataframe {

namespace {

constexpr std::uint32_t no_row = Column::no_row;
constexpr std::uint64_t empty_slot = ~std::uint64_t{0};

// Key equality between a row of one table and a row of another, specialised for the common
// single-column keys so that the probe loop compares values, not a column list.
struct Int64Key {  // one int64 column without nulls
  const std::int64_t* values;
  bool equal(std::size_t i, const Int64Key& other, std::size_t j) const {
    return values[i] == other.values[j];
  }
  void prefetch_row(std::size_t i) const { __builtin_prefetch(values + i); }
  void prefetch_bytes(std::size_t /*i*/) const {}
};

// Equal bytes; ids of 8 to 16 bytes (the usual keys) by two overlapping word compares.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  if (n < 8 || n > 16) return std::memcmp(a, b, n) == 0;
  std::uint64_t a0, b0, a1, b1;
  std::memcpy(&a0, a, 8);
  std::memcpy(&b0, b, 8);
  std::memcpy(&a1, a + n - 8, 8);
  std::memcpy(&b1, b + n - 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

struct StringKey {  // one string column; a missing string holds "", so validity decides
  const Column* column;
  const std::uint64_t* offsets;
  const char* bytes;
  explicit StringKey(const Column& c)
      : column(&c), offsets(c.string_offsets().data()), bytes(c.string_bytes().data()) {}
  bool equal(std::size_t i, const StringKey& other, std::size_t j) const {
    const std::size_t n = offsets[i + 1] - offsets[i];
    return n == other.offsets[j + 1] - other.offsets[j] &&
           same_bytes(bytes + offsets[i], other.bytes + other.offsets[j], n) &&
           column->is_valid(i) == other.column->is_valid(j);
  }
  void prefetch_row(std::size_t i) const { __builtin_prefetch(offsets + i); }
  void prefetch_bytes(std::size_t i) const { __builtin_prefetch(bytes + offsets[i]); }
};

struct AnyKey {
  const Table* table;
  std::span<const std::size_t> columns;
  bool equal(std::size_t i, const AnyKey& other, std::size_t j) const {
    return rows_equal(*table, i, columns, *other.table, j, other.columns);
  }
  void prefetch_row(std::size_t /*i*/) const {}
  void prefetch_bytes(std::size_t /*i*/) const {}
};

// The build side's rows grouped by distinct key: an open-addressing table of (hash tag, first
// row of the group) slots, each row's group, and each group's rows in row order. When every key
// is distinct (a many-to-one join's usual build side), a group is its first row.
template <class Key>
class BuildTable {
 public:
  BuildTable(const Key& key, std::span<const std::uint64_t> hashes) : key_(key) {
    const std::size_t rows = hashes.size();
    const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, rows * 2));
    mask_ = capacity - 1;
    slots_.assign(capacity, empty_slot);
    group_of_row_.resize(rows);
    std::size_t groups = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      const std::uint64_t h = hashes[r];
      const std::uint64_t tag = h & tag_mask;
      for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
        if (slots_[s] == empty_slot) {
          slots_[s] = tag | r;
          group_of_row_[r] = static_cast<std::uint32_t>(groups++);
          break;
        }
        const auto first = static_cast<std::uint32_t>(slots_[s]);
        if ((slots_[s] & tag_mask) == tag && key_.equal(r, key_, first)) {
          group_of_row_[r] = group_of_row_[first];
          break;
        }
      }
    }
    unique_ = groups == rows;
    if (unique_) return;
    // Counting sort of the rows by group, stable.
    begin_.assign(groups + 1, 0);
    for (std::uint32_t g : group_of_row_) ++begin_[g + 1];
    for (std::size_t g = 0; g < groups; ++g) begin_[g + 1] += begin_[g];
    rows_of_group_.resize(rows);
    std::vector<std::uint32_t> next(begin_.begin(), begin_.end() - 1);
    for (std::size_t r = 0; r < rows; ++r)
      rows_of_group_[next[group_of_row_[r]]++] = static_cast<std::uint32_t>(r);
  }

  std::size_t groups() const noexcept { return unique_ ? group_of_row_.size() : begin_.size() - 1; }

  // The probe loop's prefetches, some rows ahead: the home slot, then the key it points to.
  void prefetch_slot(std::uint64_t h) const { __builtin_prefetch(&slots_[h & mask_]); }
  template <int stage>
  void prefetch_key(std::uint64_t h) const {
    const std::uint64_t slot = slots_[h & mask_];
    if (slot == empty_slot) return;
    if constexpr (stage == 0)
      key_.prefetch_row(static_cast<std::uint32_t>(slot));
    else
      key_.prefetch_bytes(static_cast<std::uint32_t>(slot));
  }

  // The group whose key equals row i of probe (hash h), or no_row.
  template <class ProbeKey>
  std::uint32_t find(const ProbeKey& probe, std::size_t i, std::uint64_t h) const {
    const std::uint64_t tag = h & tag_mask;
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const std::uint64_t slot = slots_[s];
      if (slot == empty_slot) return no_row;
      const auto first = static_cast<std::uint32_t>(slot);
      if ((slot & tag_mask) == tag && probe.equal(i, key_, first))
        return unique_ ? first : group_of_row_[first];
    }
  }

  std::span<const std::uint32_t> rows(const std::uint32_t& group) const {
    if (unique_) return {&group, 1};
    return {rows_of_group_.data() + begin_[group], begin_[group + 1] - begin_[group]};
  }

 private:
  static constexpr std::uint64_t tag_mask = ~std::uint64_t{0xffffffff};
  Key key_;
  std::size_t mask_ = 0;
  bool unique_ = false;
  std::vector<std::uint64_t> slots_;
  std::vector<std::uint32_t> group_of_row_;
  std::vector<std::uint32_t> begin_;  // of each group in rows_of_group_, and the end
  std::vector<std::uint32_t> rows_of_group_;
};

// The output pairs (probe row, build row). While every probe row has come once, in order (a
// many-to-one join), the probe rows are only counted, not stored.
class PairSink {
 public:
  PairSink(std::vector<std::uint32_t>& probe, std::vector<std::uint32_t>& build)
      : probe_(probe), build_(build) {}

  void emit(std::uint32_t p, std::uint32_t b) {
    if (in_order_) {
      if (p == count_) {
        ++count_;
        build_.push_back(b);
        return;
      }
      store_probe_rows();
    }
    probe_.push_back(p);
    build_.push_back(b);
  }
  // Whether the probe rows are 0, 1, ..., probe_rows - 1 (probe_ then stays empty).
  bool finish(std::size_t probe_rows) {
    if (in_order_ && count_ != probe_rows) store_probe_rows();
    return in_order_;
  }

 private:
  void store_probe_rows() {
    in_order_ = false;
    probe_.resize(count_);
    for (std::uint32_t i = 0; i < count_; ++i) probe_[i] = i;
  }

  std::vector<std::uint32_t>& probe_;
  std::vector<std::uint32_t>& build_;
  bool in_order_ = true;
  std::uint32_t count_ = 0;
};

// Pairs in probe order; unmatched rows of a kept side paired with no_row. Returns whether the
// probe side came whole (see PairSink). The probe keys are hashed a block at a time.
template <class Key>
bool probe_into(const Key& probe_key, const Table& probe, std::span<const std::size_t> probe_cols,
                const Key& build_key, const Table& build, std::span<const std::size_t> build_cols,
                bool keep_probe, bool keep_build, std::vector<std::uint32_t>& out_probe,
                std::vector<std::uint32_t>& out_build) {
  const std::vector<std::uint64_t> build_hashes = hash_rows(build, build_cols);
  const BuildTable<Key> table(build_key, build_hashes);
  std::vector<std::uint8_t> matched(keep_build ? table.groups() : 0, 0);
  out_build.reserve(probe.rows());
  PairSink sink(out_probe, out_build);
  constexpr std::size_t block = 4096;
  std::vector<std::uint64_t> hashes(std::min(block, probe.rows()));
  for (std::size_t first = 0; first < probe.rows(); first += block) {
    const std::size_t n = std::min(block, probe.rows() - first);
    hash_rows(probe, probe_cols, first, std::span(hashes.data(), n));
    for (std::size_t i = 0; i < n; ++i) {
      if (i + 16 < n) table.prefetch_slot(hashes[i + 16]);
      if (i + 8 < n) table.template prefetch_key<0>(hashes[i + 8]);
      if (i + 4 < n) table.template prefetch_key<1>(hashes[i + 4]);
      const auto p = static_cast<std::uint32_t>(first + i);
      const std::uint32_t g = table.find(probe_key, p, hashes[i]);
      if (g == no_row) {
        if (keep_probe) sink.emit(p, no_row);
        continue;
      }
      if (keep_build) matched[g] = 1;
      for (std::uint32_t b : table.rows(g)) sink.emit(p, b);
    }
  }
  if (keep_build) {
    for (std::uint32_t g = 0; g < table.groups(); ++g) {
      if (matched[g]) continue;
      for (std::uint32_t b : table.rows(g)) sink.emit(no_row, b);
    }
  }
  return sink.finish(probe.rows());
}

bool join_pairs(const Table& probe, std::span<const std::size_t> probe_cols, const Table& build,
                std::span<const std::size_t> build_cols, bool keep_probe, bool keep_build,
                std::vector<std::uint32_t>& out_probe, std::vector<std::uint32_t>& out_build) {
  const auto run = [&](const auto& probe_key, const auto& build_key) {
    return probe_into(probe_key, probe, probe_cols, build_key, build, build_cols, keep_probe,
                      keep_build, out_probe, out_build);
  };
  if (probe_cols.size() == 1) {
    const Column& a = probe.column(probe_cols[0]);
    const Column& b = build.column(build_cols[0]);
    if (a.type() == ColumnType::int64 && !a.has_nulls() && !b.has_nulls()) {
      return run(Int64Key{a.int64s().data()}, Int64Key{b.int64s().data()});
    }
    if (a.type() == ColumnType::string) return run(StringKey(a), StringKey(b));
  }
  return run(AnyKey{&probe, probe_cols}, AnyKey{&build, build_cols});
}

bool is_identity(std::span<const std::uint32_t> rows, std::size_t size) {
  if (rows.size() != size) return false;
  for (std::size_t i = 0; i < size; ++i) {
    if (rows[i] != i) return false;
  }
  return true;
}

// A key of the same name on both sides: the left row's value, else the right row's.
Column coalesce(const Column& left, std::span<const std::uint32_t> lrows, const Column& right,
                std::span<const std::uint32_t> rrows) {
  if (std::find(lrows.begin(), lrows.end(), no_row) == lrows.end()) return left.take(lrows);
  Column out(left.type());
  out.reserve(lrows.size());
  for (std::size_t i = 0; i < lrows.size(); ++i) {
    if (lrows[i] != no_row)
      out.append_from(left, lrows[i]);
    else
      out.append_from(right, rrows[i]);
  }
  return out;
}

}  // namespace

JoinRows join_rows(const Table& left, const Table& right, const JoinSpec& spec, BuildSide build) {
  const bool keep_left = spec.how == How::left || spec.how == How::outer;
  const bool keep_right = spec.how == How::right || spec.how == How::outer;
  if (build == BuildSide::smaller)
    build = left.rows() < right.rows() ? BuildSide::left : BuildSide::right;
  JoinRows rows;
  if (build == BuildSide::right) {
    rows.left_whole = join_pairs(left, spec.left_keys, right, spec.right_keys, keep_left,
                                 keep_right, rows.left, rows.right);
    rows.right_whole = is_identity(rows.right, right.rows());
  } else {
    rows.right_whole = join_pairs(right, spec.right_keys, left, spec.left_keys, keep_right,
                                  keep_left, rows.right, rows.left);
    rows.left_whole = is_identity(rows.left, left.rows());
  }
  return rows;
}

Table hash_join(const Table& left, const Table& right, const JoinSpec& spec, BuildSide build) {
  JoinRows rows = join_rows(left, right, spec, build);
  // A whole side's columns need no gather; a coalesced key needs the right's rows spelt out.
  const auto gather = [](const Column& column, std::span<const std::uint32_t> r, bool whole) {
    return whole ? column : column.take_or_null(r);
  };
  Table out;
  for (const JoinColumn& c : spec.columns) {
    const auto l = static_cast<std::size_t>(c.left), r = static_cast<std::size_t>(c.right);
    if (c.left >= 0 && c.right >= 0 && !rows.left_whole) {
      if (rows.right_whole && rows.right.empty()) {
        rows.right.resize(right.rows());
        for (std::uint32_t i = 0; i < rows.right.size(); ++i) rows.right[i] = i;
      }
      out.add_column(c.name, coalesce(left.column(l), rows.left, right.column(r), rows.right));
    } else if (c.left >= 0) {
      out.add_column(c.name, gather(left.column(l), rows.left, rows.left_whole));
    } else {
      out.add_column(c.name, gather(right.column(r), rows.right, rows.right_whole));
    }
  }
  return out;
}

}  // namespace dtask::dataframe
