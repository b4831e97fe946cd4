// DataStore: values spill to files of the worker's own directory under a memory limit and come
// back with the same bits; values in use stay; pausing follows memory; files go with the keys
// and the directory with the store.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>
#include <dtask/core/key.hpp>
#include <filesystem>
#include <random>
#include <thread>

#include "../src/mpi/data_store.hpp"
#include "../src/mpi/spill_file.hpp"
#include "table_testing.hpp"

namespace {

namespace fs = std::filesystem;
using dtask::Chunk;
using dtask::DType;
using dtask::Key;
using dtask::Value;
using dtask::mpi::DataStore;

// A fresh parent directory for spill directories, removed afterwards.
struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "dtask-test-XXXXXX").string();
    path = mkdtemp(pattern.data());
  }
  ~TempDir() { fs::remove_all(path); }
  std::size_t files() const {
    std::size_t n = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path)) n += entry.is_regular_file();
    return n;
  }
  bool empty() const { return fs::is_empty(path); }
  std::string path;
};

// A chunk of any dtype and shape with random contents (bool: 0 or 1).
Chunk random_chunk(DType dtype, dtask::Shape shape, unsigned seed) {
  Chunk c(dtype, std::move(shape));
  std::mt19937_64 rng(seed);
  auto* bytes = reinterpret_cast<unsigned char*>(c.bytes());
  for (std::size_t i = 0; i < c.nbytes(); ++i) bytes[i] = dtype == DType::bool_ ? rng() & 1 : static_cast<unsigned char>(rng());
  return c;
}

DataStore::Options limited(const TempDir& dir, std::uint64_t limit) {
  return {.memory_limit = limit, .local_dir = dir.path, .name = "dtask-test", .resident = [] { return std::uint64_t{0}; }};
}

template <class Predicate>
bool eventually(Predicate p) {
  for (auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10); std::chrono::steady_clock::now() < end;) {
    if (p()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return p();
}

TEST(DataStore, SpillsTheLeastRecentlyUsedValuesAndReadsBackTheSameBits) {
  TempDir dir;
  DataStore store(limited(dir, 10'000'000));  // target: 6 MB
  // Oldest first: a value without a raw form (Boost serialisation), odd chunks of every dtype,
  // an Eigen matrix and a vector (raw bytes).
  std::vector<std::string> table;
  for (int i = 0; i < 1000; ++i) table.push_back(std::string(1000, static_cast<char>('a' + i % 26)) + std::to_string(i));
  const std::vector<std::pair<Key, Value>> values{
      {Key("table"), Value(table)},
      {Key("f64", {0}), Value(random_chunk(DType::float64, {1001, 997}, 1))},   // 8 MB: goes at once
      {Key("f32", {1}), Value(random_chunk(DType::float32, {3, 7, 11}, 2))},
      {Key("i64", {2}), Value(random_chunk(DType::int64, {1, 1}, 3))},
      {Key("bool", {3}), Value(random_chunk(DType::bool_, {13, 1}, 4))},
      {Key("empty", {4}), Value(random_chunk(DType::float64, {0, 5}, 5))},
      {Key("scalar", {5}), Value(random_chunk(DType::int64, {}, 6))},
      {Key("matrix"), Value(Eigen::MatrixXd::Random(300, 500).eval())},
      {Key("vector"), Value(std::vector<std::int64_t>{-1, 0, 1LL << 62})},
  };
  // Independent copies, with buffers of their own, to compare against.
  std::vector<Value> copies;
  for (const auto& [key, value] : values)
    copies.push_back(value.holds<Chunk>() ? Value(value.get<Chunk>().copy()) : value);
  for (const auto& [key, value] : values) store.put(key, value);

  const DataStore::Stats after_puts = store.stats();
  EXPECT_GE(after_puts.spill_count, 2u) << "the table and the 8 MB chunk";
  EXPECT_LE(after_puts.memory_bytes, 6'000'000u);
  EXPECT_GT(dir.files(), 0u);

  // The most recent value is still in memory: reading it reads no file.
  EXPECT_EQ(store.get(Key("vector")).get<std::vector<std::int64_t>>(), (std::vector<std::int64_t>{-1, 0, 1LL << 62}));
  EXPECT_EQ(store.stats().unspilled_count, 0u);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const Value back = store.get(values[i].first);
    SCOPED_TRACE(values[i].first.str());
    if (copies[i].holds<Chunk>()) {
      EXPECT_TRUE(back.get<Chunk>().same_bits(copies[i].get<Chunk>()));
    } else if (copies[i].holds<Eigen::MatrixXd>()) {
      EXPECT_EQ(back.get<Eigen::MatrixXd>(), copies[i].get<Eigen::MatrixXd>());
    } else if (copies[i].holds<std::vector<std::int64_t>>()) {
      EXPECT_EQ(back.get<std::vector<std::int64_t>>(), copies[i].get<std::vector<std::int64_t>>());
    } else {
      EXPECT_EQ(back.get<std::vector<std::string>>(), table);
    }
  }
  const DataStore::Stats after_gets = store.stats();
  EXPECT_GE(after_gets.unspilled_count, 2u) << "the table and the 8 MB chunk came back from disk";
  EXPECT_LE(after_gets.memory_bytes, 6'000'000u) << "reading back spills others";
}

TEST(DataStore, ValuesInUseByATaskStayInMemory) {
  TempDir dir;
  DataStore store(limited(dir, 10'000'000));
  const Key input("input"), other("other");
  store.put(input, Value(random_chunk(DType::float64, {500, 1000}, 7)));  // 4 MB
  const std::vector<Key> keys{input};
  {
    const DataStore::Lease lease = store.lease(keys);
    store.put(other, Value(random_chunk(DType::float64, {500, 1000}, 8)));  // 8 MB in all: 2 MB must go
    EXPECT_EQ(store.stats().spill_count, 1u);
    store.get(input);
    EXPECT_EQ(store.stats().unspilled_count, 0u) << "the leased input did not spill";
    store.get(other);
    EXPECT_EQ(store.stats().unspilled_count, 1u) << "the other one did";
  }
}

TEST(DataStore, PutsOfTheCommThreadAreSpilledByTheMonitor) {
  TempDir dir;
  DataStore::Options options = limited(dir, 10'000'000);
  options.monitor_interval = std::chrono::milliseconds(100'000);  // only a notification wakes it
  DataStore store(options);
  for (int i = 0; i < 4; ++i)  // 16 MB in all, 10 MB above the target
    store.put(Key("x", {i}), Value(random_chunk(DType::float64, {500, 1000}, i)), DataStore::SpillOn::monitor);
  EXPECT_TRUE(eventually([&] { return store.stats().memory_bytes <= 6'000'000; }));
  EXPECT_GE(store.stats().spill_count, 3u);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(store.get(Key("x", {i})).get<Chunk>().same_bits(random_chunk(DType::float64, {500, 1000}, i)));
}

TEST(DataStore, FilesGoWithTheirKeysAndTheDirectoryWithTheStore) {
  TempDir dir;
  {
    DataStore store(limited(dir, 2'000'000));  // target 1.2 MB: one value of 800 kB stays
    for (int i = 0; i < 5; ++i) store.put(Key("x", {i}), Value(random_chunk(DType::float64, {100, 1000}, i)));  // 800 kB each
    EXPECT_EQ(dir.files(), 4u) << "all but the newest";
    store.erase(Key("x", {0}));
    EXPECT_EQ(dir.files(), 3u);
    EXPECT_FALSE(dir.empty()) << "the store's own directory";
  }
  EXPECT_TRUE(dir.empty());
}

TEST(DataStore, CountsTheBytesOnDiskOnlyUntilReadBackOrErased) {
  TempDir dir;
  DataStore store(limited(dir, 2'000'000));  // target 1.2 MB: one value of 800 kB stays
  const std::uint64_t value_bytes = Value(random_chunk(DType::float64, {100, 1000}, 0)).nbytes();
  for (int i = 0; i < 3; ++i) store.put(Key("x", {i}), Value(random_chunk(DType::float64, {100, 1000}, i)));
  EXPECT_EQ(store.stats().disk_bytes, 2 * value_bytes) << "the two oldest";
  EXPECT_EQ(store.stats().memory_bytes, value_bytes);
  store.get(Key("x", {0}));  // back in memory; the newest goes to disk to make room
  EXPECT_EQ(store.stats().disk_bytes, 2 * value_bytes);
  EXPECT_EQ(store.stats().memory_bytes, value_bytes);
  store.erase(Key("x", {1}));  // on disk only
  EXPECT_EQ(store.stats().disk_bytes, value_bytes);
  store.erase(Key("x", {0}));  // in memory
  EXPECT_EQ(store.stats().disk_bytes, value_bytes);
  store.erase(Key("x", {2}));
  EXPECT_EQ(store.stats().disk_bytes, 0u);
  EXPECT_EQ(store.stats().memory_bytes, 0u);
}

TEST(DataStore, RecordsEachSpillAndReadBackOnlyWhileAsked) {
  TempDir dir;
  DataStore store(limited(dir, 2'000'000));  // target 1.2 MB: one value of 800 kB stays
  store.put(Key("x", {0}), Value(random_chunk(DType::float64, {100, 1000}, 0)));
  store.put(Key("x", {1}), Value(random_chunk(DType::float64, {100, 1000}, 1)));  // x0 spills
  EXPECT_TRUE(store.take_spill_events().empty());
  store.record_spills(true);
  store.get(Key("x", {0}));  // read back; x1 spills
  const auto events = store.take_spill_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].key, Key("x", {0}));
  EXPECT_FALSE(events[0].to_disk);
  EXPECT_EQ(events[1].key, Key("x", {1}));
  EXPECT_TRUE(events[1].to_disk);
  for (const auto& e : events) {
    EXPECT_GE(e.bytes, 800'000u);
    EXPECT_LE(e.start, e.end);
  }
  EXPECT_LE(events[0].end, events[1].start);
  EXPECT_TRUE(store.take_spill_events().empty()) << "taken";
}

TEST(DataStore, WithoutALimitNothingSpills) {
  TempDir dir;
  DataStore store({.local_dir = dir.path});
  for (int i = 0; i < 20; ++i) store.put(Key("x", {i}), Value(random_chunk(DType::float64, {100, 1000}, i)));
  EXPECT_EQ(store.stats().spill_count, 0u);
  EXPECT_EQ(store.stats().memory_bytes, 20 * (sizeof(Chunk) + 800'000));
  EXPECT_TRUE(dir.empty());
}

TEST(DataStore, PausesOnResidentMemoryAndResumes) {
  TempDir dir;
  std::atomic<std::uint64_t> resident{0};
  std::atomic<int> changes{0};
  DataStore::Options options = limited(dir, 100'000'000);
  options.resident = [&] { return resident.load(); };
  options.on_pause_change = [&] { ++changes; };
  DataStore store(options);
  const std::vector<Key> none;
  std::optional<DataStore::Lease> running(store.lease(none));  // a running task: waiting may help
  resident = 90'000'000;
  EXPECT_TRUE(eventually([&] { return store.paused(); }));
  resident = 50'000'000;
  EXPECT_TRUE(eventually([&] { return !store.paused(); }));
  EXPECT_EQ(changes, 2);
  EXPECT_EQ(store.stats().pause_count, 1u);

  // Above the pause fraction with nothing to spill and nothing running: waiting cannot help, so
  // the store does not stay paused (no hang).
  resident = 90'000'000;
  EXPECT_TRUE(eventually([&] { return store.paused(); }));
  running.reset();
  EXPECT_TRUE(eventually([&] { return !store.paused(); }));
}

TEST(DataStore, HighResidentMemorySpillsValuesBelowTheTarget) {
  TempDir dir;
  DataStore::Options options = limited(dir, 100'000'000);
  options.resident = [] { return std::uint64_t{75'000'000}; };  // above the 70% spill fraction
  DataStore store(options);
  store.put(Key("x"), Value(random_chunk(DType::float64, {1000, 1000}, 1)));  // 8 MB: below the target
  EXPECT_TRUE(eventually([&] { return store.stats().spill_count == 1; }));
}

TEST(DataStore, ThreadsPuttingLeasingAndErasingWhileItSpillsSeeTheirOwnBits) {
  TempDir dir;
  DataStore::Options options = limited(dir, 400'000);
  std::atomic<bool> high{false};
  options.resident = [&] { return high ? std::uint64_t{390'000} : std::uint64_t{0}; };  // the monitor spills too
  DataStore store(options);
  auto chunk_of = [](int thread, int i) { return random_chunk(DType::float64, {37, 11 + i % 5}, 1000 * thread + i); };
  std::vector<std::thread> threads;
  std::atomic<int> mismatches{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      std::mt19937 rng(t);
      for (int i = 0; i < 150; ++i) {
        store.put(Key("x", {t, i}), Value(chunk_of(t, i)));
        if (i % 10 == 0) high = !high;
        int j = static_cast<int>(rng() % static_cast<unsigned>(i + 1));
        if (j % 3 == 2) j = i;  // erased already
        const std::vector<Key> keys{Key("x", {t, j}), Key("x", {t, i})};
        const DataStore::Lease lease = store.lease(keys);
        if (!lease.values()[0].get<Chunk>().same_bits(chunk_of(t, j))) ++mismatches;
        if (!store.get(Key("x", {t, i})).get<Chunk>().same_bits(chunk_of(t, i))) ++mismatches;
        if (i % 3 == 2) store.erase(Key("x", {t, i}));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(mismatches, 0);
  const DataStore::Stats s = store.stats();
  EXPECT_GT(s.spill_count, 100u);
  EXPECT_GT(s.unspilled_count, 10u);
  EXPECT_EQ(store.size(), 4u * 100);
  EXPECT_LE(dir.files(), 4u * 100);
}

TEST(DataStore, AValueLargerThanTheLimitIsAnErrorNamingKeyAndSizes) {
  TempDir dir;
  DataStore store(limited(dir, 32'000'000));
  EXPECT_NO_THROW(store.check_fits(Key("x", {0, 1}), 32'000'000));
  try {
    store.check_fits(Key("x", {0, 1}), 80'000'000);
    FAIL() << "no error";
  } catch (const dtask::TaskError& e) {
    EXPECT_EQ(e.key(), "('x', 0, 1)");
    const std::string what = e.what();
    EXPECT_NE(what.find("80.0 MB"), std::string::npos) << what;
    EXPECT_NE(what.find("32.0 MB"), std::string::npos) << what;
  }
}

}  // namespace

namespace {

using dtask::mpi::SpilledValue;

TEST(SpilledValue, AFileThatCannotBeWrittenIsAnIoErrorNamingIt) {
  const Value chunk(random_chunk(DType::float64, {10, 10}, 1));
  EXPECT_THROW(
      try { SpilledValue(chunk, "/nonexistent-dtask-dir/0"); } catch (const dtask::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent-dtask-dir/0"), std::string::npos) << e.what();
        throw;
      },
      dtask::IoError);
  // A value without a raw form goes through a stream: /dev/full fails its writes (ENOSPC). A
  // link to it, so that a SpilledValue that did not fail removes only the link.
  TempDir dir;
  const fs::path full = fs::path(dir.path) / "full";
  fs::create_symlink("/dev/full", full);
  EXPECT_THROW(SpilledValue(Value(std::vector<std::string>(1000, std::string(100, 'x'))), full.string()), dtask::IoError);
}

TEST(SpilledValue, AFileGoneFromUnderItIsAnIoErrorOnLoad) {
  TempDir dir;
  const std::string path = dir.path + "/0";
  SpilledValue spilled(Value(random_chunk(DType::int64, {4, 4}, 2)), path);
  EXPECT_TRUE(spilled.load().get<Chunk>().same_bits(random_chunk(DType::int64, {4, 4}, 2)));
  fs::remove(path);
  EXPECT_THROW(spilled.load(), dtask::IoError);
}

TEST(SpilledValue, TablesGoToTheFileAsTheirPartsAndComeBackBitForBit) {
  TempDir dir;
  const dtask::Table table = dtask_test::odd_table(3000, 11, 1);
  const std::vector<dtask::Table> pack{dtask_test::odd_table(5, 2), dtask::Table(), table};
  for (const Value& value : {Value(table), Value(pack)}) {
    const std::string path = dir.path + "/" + std::to_string(dir.files());
    SpilledValue spilled(value, path);
    const std::uint64_t parts = dtask::raw_bytes(value.raw_form().parts);
    EXPECT_EQ(spilled.file_bytes(), parts) << "the parts alone, no serialisation";
    EXPECT_EQ(fs::file_size(path), parts);
    const Value back = spilled.load();
    if (value.holds<dtask::Table>()) {
      dtask_test::expect_same_bits(back.get<dtask::Table>(), table);
    } else {
      const auto& tables = back.get<std::vector<dtask::Table>>();
      ASSERT_EQ(tables.size(), pack.size());
      for (std::size_t i = 0; i < pack.size(); ++i) dtask_test::expect_same_bits(tables[i], pack[i]);
    }
  }
}

}  // namespace
