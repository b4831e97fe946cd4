// Helpers of the groupby tests: a naive std::map reference of every aggregation, and a comparison
// of tables cell by cell (floats to a relative 1e-9: the tree sums in another order).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/groupby.hpp>

#include "random_frame.hpp"

namespace dtask::dataframe::testing {

using Cell = std::optional<std::variant<std::int64_t, double, bool, std::string>>;

// A cell as the reference sees it: missing when invalid or NaN.
inline Cell cell(const Column& c, std::size_t r) {
  if (!c.is_valid(r)) return std::nullopt;
  switch (c.type()) {
    case ColumnType::int64: return c.int64s()[r];
    case ColumnType::float64:
      if (std::isnan(c.float64s()[r])) return std::nullopt;
      return c.float64s()[r];
    case ColumnType::boolean: return c.bools()[r] != 0;
    case ColumnType::string: return std::string(c.string_at(r));
  }
  return std::nullopt;
}

inline double as_double(const Cell& c) {
  return std::visit([](const auto& v) -> double {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) return 0.0;
    else return static_cast<double>(v);
  }, *c);
}

// The aggregation of a group's values (in row order; missing ones included) as pandas does it.
inline Cell naive_aggregate(Agg agg, const std::vector<Cell>& values, ColumnType type, int ddof) {
  std::vector<Cell> present;
  for (const Cell& v : values) if (v) present.push_back(v);
  const auto n = static_cast<std::int64_t>(present.size());
  switch (agg) {
    case Agg::size: return static_cast<std::int64_t>(values.size());
    case Agg::count: return n;
    case Agg::nunique: {
      std::vector<Cell> distinct = present;
      std::sort(distinct.begin(), distinct.end());
      return static_cast<std::int64_t>(std::unique(distinct.begin(), distinct.end()) - distinct.begin());
    }
    case Agg::sum: {
      if (type == ColumnType::float64) {
        double s = 0;
        for (const Cell& v : present) s += as_double(v);
        return s;
      }
      std::int64_t s = 0;
      for (const Cell& v : present) s += static_cast<std::int64_t>(as_double(v));
      return s;
    }
    case Agg::mean: {
      if (n == 0) return std::nullopt;
      double s = 0;
      for (const Cell& v : present) s += as_double(v);
      return s / static_cast<double>(n);
    }
    case Agg::var:
    case Agg::std: {
      if (n - ddof <= 0) return std::nullopt;
      double s = 0;
      for (const Cell& v : present) s += as_double(v);
      const double mean = s / static_cast<double>(n);
      double m2 = 0;
      for (const Cell& v : present) m2 += (as_double(v) - mean) * (as_double(v) - mean);
      const double var = m2 / static_cast<double>(n - ddof);
      return agg == Agg::var ? var : std::sqrt(var);
    }
    case Agg::min:
      if (present.empty()) return std::nullopt;
      return *std::min_element(present.begin(), present.end());
    case Agg::max:
      if (present.empty()) return std::nullopt;
      return *std::max_element(present.begin(), present.end());
    case Agg::first:
      if (present.empty()) return std::nullopt;
      return present.front();
    case Agg::last:
      if (present.empty()) return std::nullopt;
      return present.back();
  }
  return std::nullopt;
}

using Row = std::vector<Cell>;

// The groupby of table by keys with every aggregation, one row per group in key order; rows
// with a missing key are dropped. Group keys order as std::map orders them (pandas' order).
inline std::vector<Row> naive_groupby(const Table& table, const std::vector<std::string>& keys,
                                      const std::vector<Aggregation>& aggregations, int ddof = 1) {
  std::map<Row, std::vector<std::size_t>> groups;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    Row key;
    for (const std::string& k : keys) key.push_back(cell(table.column(k), r));
    if (std::any_of(key.begin(), key.end(), [](const Cell& c) { return !c; })) continue;
    groups[key].push_back(r);
  }
  std::vector<Row> out;
  for (const auto& [key, rows] : groups) {
    Row row = key;
    for (const Aggregation& a : aggregations) {
      std::vector<Cell> values;
      const Column* c = a.column.empty() ? nullptr : &table.column(a.column);
      for (std::size_t r : rows) values.push_back(c ? cell(*c, r) : Cell(std::int64_t{0}));
      row.push_back(naive_aggregate(a.agg, values, c ? c->type() : ColumnType::int64, ddof));
    }
    out.push_back(std::move(row));
  }
  return out;
}

inline std::vector<Row> rows_of(const Table& table) {
  std::vector<Row> out;
  for (std::size_t r = 0; r < table.rows(); ++r) {
    Row row;
    for (std::size_t c = 0; c < table.width(); ++c) row.push_back(cell(table.column(c), r));
    out.push_back(std::move(row));
  }
  return out;
}

inline bool cells_near(const Cell& a, const Cell& b) {
  if (!a || !b) return !a && !b;
  if (a->index() != b->index()) return false;
  if (const double* x = std::get_if<double>(&*a)) {
    const double y = std::get<double>(*b);
    return *x == y || std::abs(*x - y) <= 1e-9 * std::max({1.0, std::abs(*x), std::abs(y)});
  }
  return *a == *b;
}

inline std::string describe(const Row& row) {
  std::string s;
  for (const Cell& c : row) {
    if (!c) { s += "NA "; continue; }
    std::visit([&](const auto& v) {
      if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) s += "'" + v + "' ";
      else s += std::to_string(v) + " ";
    }, *c);
  }
  return s;
}

// got equals expected cell by cell; in any row order when !ordered (rows sorted by their keys).
inline void expect_rows_near(std::vector<Row> got, std::vector<Row> expected, bool ordered) {
  if (!ordered) {
    std::sort(got.begin(), got.end());
    std::sort(expected.begin(), expected.end());
  }
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t r = 0; r < got.size(); ++r) {
    ASSERT_EQ(got[r].size(), expected[r].size());
    for (std::size_t c = 0; c < got[r].size(); ++c) {
      ASSERT_TRUE(cells_near(got[r][c], expected[r][c]))
          << "row " << r << " column " << c << ": got " << describe(got[r]) << "expected " << describe(expected[r]);
    }
  }
}

}  // namespace dtask::dataframe::testing
