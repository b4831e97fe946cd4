// DataStore: a worker's values by key, kept within a memory limit (Dask's SpillBuffer and
// memory monitor in one). Without a limit it is a map. With one:
// - a put that takes counted bytes (Value::nbytes) above the target fraction spills
//   least-recently-used values to files of the worker's own spill directory, right away, on
//   the thread that put (the producer pays, so it cannot outrun the disk), or, for the comm
//   thread, on the monitor thread;
// - a monitor thread reads the process's resident memory every few milliseconds, spills when
//   it is above the spill fraction, trims the heap after large drops, and sets paused() above
//   the pause fraction (the worker then starts no new task);
// - get() and lease() read spilled values back transparently; a value read back keeps its file,
//   so spilling it again costs nothing;
// - while asked to (record_spills), it keeps each write and read back, timed, for the profiler.
// Policy (when, how much, whether to pause) is in memory_policy.hpp.
//
//   DataStore store({.memory_limit = 1 << 30, .name = "dtask-worker-1"});
//   store.put(key, value);
//   {
//     DataStore::Lease inputs = store.lease(keys);   // in memory while the task runs
//     run(inputs.values());
//   }
//
// Thread-safe: the comm thread, compute threads and the monitor use it at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <dtask/core/key.hpp>
#include <dtask/core/process_memory.hpp>
#include <dtask/core/value.hpp>

#include "memory_policy.hpp"

namespace dtask::mpi {

class SpillDirectory;
class SpilledValue;

class DataStore {
 public:
  struct Options {
    std::uint64_t memory_limit = 0;  // bytes; 0: no limit, nothing spills or pauses
    std::string local_dir;           // parent of the spill directory ("": $TMPDIR or /tmp)
    std::string name = "dtask-worker";  // prefix of the spill directory's name
    MemoryThresholds thresholds = {};
    std::chrono::milliseconds monitor_interval{10};
    std::function<std::uint64_t()> resident = resident_bytes;  // what resident memory is
    std::function<void()> on_pause_change = {};  // called by the monitor when paused() changes
  };
  // A value written to the spill directory (to_disk) or read back; steady-clock seconds.
  struct SpillEvent {
    Key key;
    bool to_disk = true;
    std::uint64_t bytes = 0;  // of its file
    double start = 0;
    double end = 0;
  };
  struct Stats {
    std::uint64_t spill_count = 0;  // values written to disk
    std::uint64_t spilled_bytes = 0;
    std::uint64_t unspilled_count = 0;  // values read back
    std::uint64_t unspilled_bytes = 0;
    std::uint64_t pause_count = 0;   // times the worker paused
    std::uint64_t memory_bytes = 0;  // counted bytes in memory now
    std::uint64_t disk_bytes = 0;    // counted bytes of the values now on disk only
  };

  // The inputs of one running task: in memory, never spilled, until the lease ends.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    const std::vector<Value>& values() const noexcept { return values_; }

   private:
    friend class DataStore;
    explicit Lease(DataStore* store) : store_(store) {}
    DataStore* store_;
    std::vector<Key> keys_;
    std::vector<Value> values_;
  };

  explicit DataStore(Options options);
  ~DataStore();
  DataStore(const DataStore&) = delete;
  DataStore& operator=(const DataStore&) = delete;

  // How a put or a read back that takes memory above the target is answered: on this thread
  // (a compute thread: the producer pays, so it cannot outrun the disk), or by the monitor (the
  // comm thread, which must keep messages moving).
  enum class SpillOn { caller, monitor };

  // Keeps a value (a second put of a key keeps the first: a key's value never changes).
  void put(const Key& key, Value value, SpillOn spill_on = SpillOn::caller);
  bool contains(const Key& key) const;
  // The value, read back from disk if it was spilled; throws dtask::MpiError for a key not held.
  Value get(const Key& key, SpillOn spill_on = SpillOn::caller);
  // Loads and pins the values of keys for one task (counted as running while the lease lives).
  Lease lease(std::span<const Key> keys);
  void erase(const Key& key);
  std::size_t size() const;

  // Start no new task: memory is above the pause fraction and spilling or running tasks can
  // still bring it down.
  bool paused() const noexcept { return paused_; }
  std::uint64_t memory_limit() const noexcept { return options_.memory_limit; }
  // Throws dtask::TaskError naming key and both sizes when a value of nbytes cannot fit.
  void check_fits(const Key& key, std::uint64_t nbytes) const;
  Stats stats() const;
  void record_spills(bool on) noexcept { recording_spills_ = on; }
  // The events since the last call (none unless recording); has_spill_events() asks without
  // the lock, for a caller that polls.
  bool has_spill_events() const noexcept { return spill_events_waiting_; }
  std::vector<SpillEvent> take_spill_events();

 private:
  struct Entry {
    Value value;  // empty while only on disk
    std::uint64_t nbytes = 0;
    std::shared_ptr<const SpilledValue> file;  // once written; kept until the key goes
    std::uint32_t pins = 0;
    bool writing = false;
    std::list<Key>::iterator lru;  // valid while the value is in memory
  };
  using Lock = std::unique_lock<std::mutex>;

  Entry& find(const Key& key);
  void into_memory(const Key& key, Entry& entry, Value value);
  Value out_of_memory(Entry& entry);
  Value to_disk_only(Entry& entry);
  void spill_to_target(SpillOn spill_on);
  std::uint64_t spill(std::uint64_t need);
  void unpin(const Lease& lease) noexcept;
  void keep_spill_event(SpillEvent event);
  MemoryReading reading() const;
  void monitor(std::stop_token stop);
  void notify_monitor();

  Options options_;
  std::unique_ptr<SpillDirectory> dir_;  // before the entries: their files go first

  mutable std::mutex mutex_;
  std::unordered_map<Key, Entry, KeyHash> entries_;
  std::list<Key> lru_;  // in memory, least recently used first
  std::uint64_t counted_ = 0;  // bytes in memory
  std::uint64_t on_disk_ = 0;  // bytes of the values on disk only
  std::uint64_t spilling_ = 0;  // of which being written
  std::uint64_t pinned_ = 0;    // of which leased
  std::uint64_t counted_high_ = 0;  // high point since the last trim
  std::uint32_t running_ = 0;
  Stats stats_;
  std::atomic<bool> recording_spills_{false};
  std::vector<SpillEvent> spill_events_;
  std::atomic<bool> spill_events_waiting_{false};

  std::atomic<bool> paused_{false};
  std::atomic<bool> wake_{false};
  std::condition_variable_any wake_monitor_;
  std::jthread monitor_;  // last: stops before anything above goes
};

}  // namespace dtask::mpi
