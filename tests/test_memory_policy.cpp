// The memory limit's parser and the spill/pause policy, as pure functions.
#include <gtest/gtest.h>

#include <dtask/core/error.hpp>
#include <vector>

#include "../src/mpi/memory_limit.hpp"
#include "../src/mpi/memory_policy.hpp"

namespace {

using dtask::mpi::decide_memory;
using dtask::mpi::MemoryReading;
using dtask::mpi::parse_memory_limit;
using dtask::mpi::SpillCandidate;

constexpr std::uint64_t ram = 16'000'000'000;

TEST(MemoryLimit, ReadsDasksUnits) {
  EXPECT_EQ(parse_memory_limit("512MB", ram), 512'000'000u);
  EXPECT_EQ(parse_memory_limit("2GiB", ram), 2ull << 30);
  EXPECT_EQ(parse_memory_limit("1.5 GB", ram), 1'500'000'000u);
  EXPECT_EQ(parse_memory_limit("800mb", ram), 800'000'000u);
  EXPECT_EQ(parse_memory_limit("64KiB", ram), 65536u);
  EXPECT_EQ(parse_memory_limit("3k", ram), 3000u);
  EXPECT_EQ(parse_memory_limit("123456789", ram), 123456789u);
  EXPECT_EQ(parse_memory_limit("1e9", ram), 1'000'000'000u);
  EXPECT_EQ(parse_memory_limit("100B", ram), 100u);
}

TEST(MemoryLimit, ANumberUpToOneIsAFractionOfTheMemory) {
  EXPECT_EQ(parse_memory_limit("0.25", ram), 4'000'000'000u);
  EXPECT_EQ(parse_memory_limit("1", ram), ram);
  EXPECT_EQ(parse_memory_limit(".5", ram), 8'000'000'000u);
}

TEST(MemoryLimit, NoneZeroAndEmptyMeanNoLimit) {
  EXPECT_EQ(parse_memory_limit("", ram), 0u);
  EXPECT_EQ(parse_memory_limit("0", ram), 0u);
  EXPECT_EQ(parse_memory_limit("None", ram), 0u);
}

TEST(MemoryLimit, IsAtMostTheMachinesMemory) { EXPECT_EQ(parse_memory_limit("1TB", ram), ram); }

TEST(MemoryLimit, RejectsAnythingElseWithOneLine) {
  for (const char* bad : {"lots", "12XB", "-5GB", "GB", "inf", "nan", "0x10", "0.5.1GB", "0.00000000001", "1,5GB"}) {
    try {
      parse_memory_limit(bad, ram);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const dtask::ValueError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(std::string("'") + bad + "'"), std::string::npos) << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
  }
}

TEST(MemoryLimit, FormatsBytesInPowersOfAThousand) {
  EXPECT_EQ(dtask::mpi::format_bytes(999), "999 B");
  EXPECT_EQ(dtask::mpi::format_bytes(800'000'000), "800.0 MB");
  EXPECT_EQ(dtask::mpi::format_bytes(3'200'000'000), "3.2 GB");
}

MemoryReading reading(std::uint64_t counted, std::uint64_t resident, std::uint64_t spillable, std::uint32_t running = 0) {
  return {.limit = 1000, .counted = counted, .spilling = 0, .resident = resident, .spillable = spillable, .running = running};
}

TEST(MemoryPolicy, BelowTheTargetNothingHappens) {
  const auto d = decide_memory(reading(600, 690, 600));
  EXPECT_EQ(d.spill_bytes, 0u);
  EXPECT_FALSE(d.paused);
}

TEST(MemoryPolicy, CountedBytesAboveTheTargetSpillDownToIt) {
  EXPECT_EQ(decide_memory(reading(750, 0, 750)).spill_bytes, 150u);
}

TEST(MemoryPolicy, ResidentAboveTheSpillFractionSpillsUntilResidentWouldBeAtTheTarget) {
  // 500 counted (below the target), 750 resident: 150 bytes must go.
  EXPECT_EQ(decide_memory(reading(500, 750, 500)).spill_bytes, 150u);
  // Resident between target and spill fraction: no spilling for it.
  EXPECT_EQ(decide_memory(reading(500, 690, 500)).spill_bytes, 0u);
}

TEST(MemoryPolicy, SpillsNoMoreThanCanGo) { EXPECT_EQ(decide_memory(reading(900, 950, 100, 1)).spill_bytes, 100u); }

TEST(MemoryPolicy, PausesAboveThePauseFractionOfEither) {
  EXPECT_TRUE(decide_memory(reading(810, 100, 810)).paused);
  EXPECT_TRUE(decide_memory(reading(100, 810, 100)).paused);
  EXPECT_FALSE(decide_memory(reading(100, 800, 100)).paused) << "resumes at or below the fraction";
}

TEST(MemoryPolicy, PausesWhileSomethingCanStillBringMemoryDown) {
  EXPECT_TRUE(decide_memory(reading(0, 900, 0, 1)).paused) << "a running task may free memory";
  MemoryReading writing = reading(0, 900, 0);
  writing.spilling = 50;
  EXPECT_TRUE(decide_memory(writing).paused) << "a spill is being written";
  EXPECT_FALSE(decide_memory(reading(0, 900, 0, 0)).paused) << "nothing to wait for: run a task rather than hang";
}

TEST(MemoryPolicy, TrimsAfterCountedBytesFellByATenthOfTheLimit) {
  EXPECT_TRUE(dtask::mpi::should_trim(100, 200, 1000));
  EXPECT_FALSE(dtask::mpi::should_trim(150, 200, 1000));
  EXPECT_FALSE(dtask::mpi::should_trim(200, 200, 1000));
}

TEST(MemoryPolicy, SpillsLeastRecentlyUsedValuesSkippingThoseInUse) {
  const std::vector<SpillCandidate> lru{{100, false}, {300, true}, {50, false}, {200, false}, {10, false}};
  EXPECT_EQ(dtask::mpi::spill_count_for(lru, 0), 0u);
  EXPECT_EQ(dtask::mpi::spill_count_for(lru, 100), 1u);
  EXPECT_EQ(dtask::mpi::spill_count_for(lru, 101), 3u) << "the one in use is passed over";
  EXPECT_EQ(dtask::mpi::spill_count_for(lru, 151), 4u);
  EXPECT_EQ(dtask::mpi::spill_count_for(lru, 10000), 5u) << "everything, and still short";
}

}  // namespace
