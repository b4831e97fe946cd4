// from_table and shuffle on the sync scheduler: every row arrives exactly once, in the partition
// its key hashes to.
#include <gtest/gtest.h>

#include <algorithm>

#include <dtask/core/row_hash.hpp>
#include <dtask/dataframe/shuffle.hpp>

#include "frame_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::compute_sync;
using dd::testing::mixed_table;

TEST(FromTable, CutsRowsIntoEvenPartitions) {
  const dtask::Table t = mixed_table(10);
  for (std::int64_t parts : {1, 3, 10, 13}) {
    const dd::DataFrame frame = dd::from_table(t, parts);
    EXPECT_EQ(frame.npartitions(), parts);
    EXPECT_EQ(compute_sync(frame), t);
  }
}

TEST(Shuffle, SendsEveryRowOnceToThePartitionOfItsKey) {
  const dtask::Table t = mixed_table(103);
  const dd::DataFrame frame = dd::from_table(t, 4);
  const dd::DataFrame shuffled = dd::shuffle(frame, {"id", "name"}, 5);
  dtask::sched::SyncScheduler sync;
  std::size_t rows = 0;
  const std::vector<dtask::Value> parts = sync.get(shuffled.graph(), shuffled.keys());
  const std::vector<std::size_t> keys = {0, 1};
  for (std::size_t j = 0; j < parts.size(); ++j) {
    const auto& part = parts[j].get<dtask::Table>();
    for (std::uint64_t h : dtask::hash_rows(part, keys)) EXPECT_EQ(h % 5, j);
    rows += part.rows();
  }
  EXPECT_EQ(rows, t.rows());
  // The same multiset of rows: compare sorted x values (unique per row).
  std::vector<double> before(t.column("x").float64s().begin(), t.column("x").float64s().end());
  const dtask::Table after = compute_sync(shuffled);
  std::vector<double> got(after.column("x").float64s().begin(), after.column("x").float64s().end());
  std::sort(before.begin(), before.end());
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, before);
}

TEST(Shuffle, RejectsUnknownKeys) {
  const dd::DataFrame frame = dd::from_table(mixed_table(5), 2);
  EXPECT_THROW(dd::shuffle(frame, {"nope"}, 2), dtask::ValueError);
}

}  // namespace
