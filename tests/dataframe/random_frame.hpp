// random_table: a frame with odd values for the groupby tests and the pandas check: missing
// keys and values, NaN, keys longer than 16 bytes, repeated and unique keys; the same table for
// the same arguments on every platform (std::mt19937_64 and integer draws only).
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

#include <dtask/core/table.hpp>

namespace dtask::dataframe::testing {

// Columns k_int, k_str, k_bool, k_float (keys from `groups` distinct values, some missing),
// v_int, v_float, v_str, v_bool (some missing; v_float also NaN).
inline Table random_table(std::size_t rows, std::size_t groups, std::uint64_t seed, double missing = 0.1) {
  std::mt19937_64 rng(seed);
  // Integer draws only: the distributions of <random> differ between standard libraries.
  auto pick = [&](std::mt19937_64& g) { return groups == 0 ? std::size_t{0} : static_cast<std::size_t>(g() % groups); };
  auto unit = [](std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; };
  Column k_int(ColumnType::int64), k_str(ColumnType::string), k_bool(ColumnType::boolean), k_float(ColumnType::float64);
  Column v_int(ColumnType::int64), v_float(ColumnType::float64), v_str(ColumnType::string), v_bool(ColumnType::boolean);
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t g = pick(rng);
    auto maybe = [&](Column& c, auto append) { if (unit(rng) < missing) c.append_null(); else append(); };
    maybe(k_int, [&] { k_int.append_int64(static_cast<std::int64_t>(g) * 7 - 20); });
    maybe(k_str, [&] { k_str.append_string(g % 3 == 0 ? "longer-than-sixteen-bytes-" + std::to_string(g) : "k" + std::to_string(g)); });
    maybe(k_bool, [&] { k_bool.append_bool(g % 2 == 1); });
    maybe(k_float, [&] { k_float.append_float64(g == 1 ? std::nan("") : static_cast<double>(g) / 4 - 1); });
    maybe(v_int, [&] { v_int.append_int64(static_cast<std::int64_t>(rng() % 1000) - 500); });
    maybe(v_float, [&] { v_float.append_float64(unit(rng) < 0.05 ? std::nan("") : unit(rng) * 100 + 1e6); });
    maybe(v_str, [&] { v_str.append_string("s" + std::to_string(rng() % 13)); });
    maybe(v_bool, [&] { v_bool.append_bool(unit(rng) < 0.3); });
  }
  Table t;
  t.add_column("k_int", std::move(k_int));
  t.add_column("k_str", std::move(k_str));
  t.add_column("k_bool", std::move(k_bool));
  t.add_column("k_float", std::move(k_float));
  t.add_column("v_int", std::move(v_int));
  t.add_column("v_float", std::move(v_float));
  t.add_column("v_str", std::move(v_str));
  t.add_column("v_bool", std::move(v_bool));
  return t;
}

}  // namespace dtask::dataframe::testing
