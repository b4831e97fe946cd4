// Helpers of the merge tests: deterministic key-heavy tables, rows as text for comparing
// multisets, and a nested-loop join as the reference.
#pragma once

#include <algorithm>
#include <cstdint>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/dataframe.hpp>

#include <string>
#include <vector>

namespace dtask::dataframe::testing {

using Rows = std::vector<std::vector<std::string>>;

// The rows of a table as pandas would print its cells.
inline Rows printed_rows(const Table& t) {
  Rows rows(t.rows());
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.width(); ++c) rows[r].push_back(t.column(c).format_at(r));
  }
  return rows;
}

inline Rows sorted(Rows rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

// A linear congruential generator: the same numbers everywhere.
struct Lcg {
  std::uint64_t state;
  std::uint64_t next(std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  }
};

// rows rows: "k" int64 in [0, keys) (missing one row in null_every), "s" string s0..s<keys/2>
// (missing likewise), "w" int64 (the row number plus base), and a value column named value.
inline Table join_table(std::size_t rows, std::uint64_t keys, std::uint64_t seed, std::int64_t base,
                        const std::string& value, std::uint64_t null_every = 9) {
  Lcg rng{seed};
  Column k(ColumnType::int64), s(ColumnType::string), w(ColumnType::int64), v(ColumnType::float64);
  for (std::size_t r = 0; r < rows; ++r) {
    if (rng.next(null_every) == 0)
      k.append_null();
    else
      k.append_int64(static_cast<std::int64_t>(rng.next(keys)));
    if (rng.next(null_every) == 0)
      s.append_null();
    else
      s.append_string("s" + std::to_string(rng.next(keys / 2 + 1)));
    w.append_int64(base + static_cast<std::int64_t>(r));
    v.append_float64(static_cast<double>(rng.next(100)) * 0.5);
  }
  Table t;
  t.add_column("k", std::move(k));
  t.add_column("s", std::move(s));
  t.add_column("w", std::move(w));
  t.add_column(value, std::move(v));
  return t;
}

inline MergeOptions merge_on(How how, std::vector<std::string> on,
                             std::int64_t broadcast_partitions = 1) {
  MergeOptions options;
  options.how = how;
  options.on = std::move(on);
  options.broadcast_partitions = broadcast_partitions;
  return options;
}

// The nested-loop join: cells compared as text (two missing keys match, as in pandas). Output
// columns: the left's, then the right's other than keys of the same name; a same-name key of
// a right-only row takes the right's value. Row order: left rows in order with their matches
// in right order, then the unmatched right rows (how = right: the right's order instead).
inline Rows naive_merge(const Table& left, const Table& right, How how,
                        const std::vector<std::string>& left_on,
                        const std::vector<std::string>& right_on) {
  const Rows l = printed_rows(left), r = printed_rows(right);
  std::vector<std::size_t> lk, rk;
  for (std::size_t k = 0; k < left_on.size(); ++k) {
    lk.push_back(left.position(left_on[k]));
    rk.push_back(right.position(right_on[k]));
  }
  const auto match = [&](std::size_t i, std::size_t j) {
    for (std::size_t k = 0; k < lk.size(); ++k) {
      if (l[i][lk[k]] != r[j][rk[k]]) return false;
    }
    return true;
  };
  const auto shared_key_of_left = [&](std::size_t c) -> long {
    for (std::size_t k = 0; k < lk.size(); ++k) {
      if (lk[k] == c && left_on[k] == right_on[k]) return static_cast<long>(rk[k]);
    }
    return -1;
  };
  const auto is_shared_right = [&](std::size_t c) {
    for (std::size_t k = 0; k < rk.size(); ++k) {
      if (rk[k] == c && left_on[k] == right_on[k]) return true;
    }
    return false;
  };
  const auto row = [&](long i, long j) {
    std::vector<std::string> out;
    for (std::size_t c = 0; c < left.width(); ++c) {
      const long shared = shared_key_of_left(c);
      if (i >= 0)
        out.push_back(l[i][c]);
      else if (shared >= 0)
        out.push_back(r[j][shared]);
      else
        out.push_back(left.column(c).type() == ColumnType::float64 ? "NaN" : "<NA>");
    }
    for (std::size_t c = 0; c < right.width(); ++c) {
      if (is_shared_right(c)) continue;
      if (j >= 0)
        out.push_back(r[j][c]);
      else
        out.push_back(right.column(c).type() == ColumnType::float64 ? "NaN" : "<NA>");
    }
    return out;
  };
  Rows out;
  if (how == How::right) {
    for (std::size_t j = 0; j < r.size(); ++j) {
      bool any = false;
      for (std::size_t i = 0; i < l.size(); ++i) {
        if (match(i, j)) {
          out.push_back(row(static_cast<long>(i), static_cast<long>(j)));
          any = true;
        }
      }
      if (!any) out.push_back(row(-1, static_cast<long>(j)));
    }
    return out;
  }
  std::vector<bool> right_matched(r.size(), false);
  for (std::size_t i = 0; i < l.size(); ++i) {
    bool any = false;
    for (std::size_t j = 0; j < r.size(); ++j) {
      if (match(i, j)) {
        out.push_back(row(static_cast<long>(i), static_cast<long>(j)));
        any = true;
        right_matched[j] = true;
      }
    }
    if (!any && how != How::inner) out.push_back(row(static_cast<long>(i), -1));
  }
  if (how == How::outer) {
    for (std::size_t j = 0; j < r.size(); ++j) {
      if (!right_matched[j]) out.push_back(row(-1, static_cast<long>(j)));
    }
  }
  return out;
}

}  // namespace dtask::dataframe::testing
