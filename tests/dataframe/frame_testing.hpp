// Helpers of the dataframe tests: small tables built from literals, and a sync-scheduler compute
// to compare other schedulers with.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <dtask/core/table.hpp>
#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe::testing {

// rows rows: "id" int64 (row % 7, missing every 11th), "name" string (key<row % 5>),
// "x" float64 (row * 0.5 - 3), "flag" bool (row % 3 == 0).
inline Table mixed_table(std::size_t rows) {
  Column id(ColumnType::int64), name(ColumnType::string), x(ColumnType::float64), flag(ColumnType::boolean);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r % 11 == 10) id.append_null(); else id.append_int64(static_cast<std::int64_t>(r % 7));
    name.append_string("key" + std::to_string(r % 5));
    x.append_float64(static_cast<double>(r) * 0.5 - 3);
    flag.append_bool(r % 3 == 0);
  }
  Table t;
  t.add_column("id", std::move(id));
  t.add_column("name", std::move(name));
  t.add_column("x", std::move(x));
  t.add_column("flag", std::move(flag));
  return t;
}

inline Table compute_sync(const DataFrame& frame) {
  sched::SyncScheduler sync;
  return frame.compute(sync);
}

}  // namespace dtask::dataframe::testing
