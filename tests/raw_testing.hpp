// raw_round_trip: a value through its raw form in one process, as a receiving rank makes it: a
// new value from the description, its parts filled from the original's parts.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <dtask/core/value.hpp>

namespace dtask_test {

inline dtask::Value raw_round_trip(const dtask::Value& value) {
  const dtask::RawForm form = value.raw_form();
  std::vector<std::span<std::byte>> parts;
  dtask::Value back = dtask::Value::from_raw(value.type(), form.description, parts);
  EXPECT_EQ(parts.size(), form.parts.size()) << "the receiver's parts match the sender's";
  for (std::size_t i = 0; i < std::min(parts.size(), form.parts.size()); ++i) {
    EXPECT_EQ(parts[i].size(), form.parts[i].size()) << "part " << i;
    EXPECT_GT(parts[i].size(), 0u) << "part " << i << ": empty parts are left out";
    std::memcpy(parts[i].data(), form.parts[i].data(),
                std::min(parts[i].size(), form.parts[i].size()));
  }
  return back;
}

}  // namespace dtask_test
