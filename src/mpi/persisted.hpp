// Values persisted on the workers: they stay in the stores of the workers that computed them,
// across computations, until no collection refers to them any more.
//
// DistributedScheduler::persist runs a job whose results are not sent to rank 0; the scheduler
// loop records where they are (PersistedRegistry) and hands the client one PersistedHandle per
// call, held by a marker task per key (persisted_marker_function). A later plan that holds a
// key of the registry starts with that value in memory on its holders. When the last copy of
// the handle dies, its keys go to the loop (ReleaseQueue), which frees them on the workers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <dtask/core/function.hpp>
#include <dtask/core/key.hpp>
#include <dtask/sched/state_machine.hpp>

namespace dtask::mpi {

// Keys whose persisted values nobody refers to any more, on their way to the scheduler loop.
class ReleaseQueue {
 public:
  explicit ReleaseQueue(std::function<void()> wake) : wake_(std::move(wake)) {}
  void post(const std::vector<Key>& keys);
  std::vector<Key> take();
  // The loop is ending: later posts are dropped (the workers free everything at shutdown).
  void close();

 private:
  std::mutex mutex_;
  std::vector<Key> keys_;
  std::function<void()> wake_;
  bool closed_ = false;
};

// Shared by the marker tasks of one persist() call; its destructor releases their keys.
class PersistedHandle {
 public:
  PersistedHandle() = default;  // a copy read from an archive: refers to nothing
  PersistedHandle(std::vector<Key> keys, std::weak_ptr<ReleaseQueue> queue)
      : keys_(std::move(keys)), queue_(std::move(queue)) {}
  PersistedHandle(PersistedHandle&& other) noexcept
      : keys_(std::exchange(other.keys_, {})), queue_(std::exchange(other.queue_, {})) {}
  PersistedHandle& operator=(PersistedHandle&&) = delete;
  ~PersistedHandle();

  template <class Archive>
  void serialize(Archive&, unsigned) {}

 private:
  std::vector<Key> keys_;
  std::weak_ptr<ReleaseQueue> queue_;
};

// The function of the marker tasks ("mpi.persisted_on_worker"). The scheduler loop never runs
// it; any other scheduler that does gets a clear error.
const Function& persisted_marker_function();

// Where persisted values live: key -> holders, bytes, and how many persist() calls refer to it.
class PersistedRegistry {
 public:
  struct Entry {
    std::vector<sched::WorkerId> holders;
    std::size_t nbytes = 0;
    std::uint32_t references = 0;
  };
  const Entry* find(const Key& key) const;
  // One more reference; the holders and size are recorded by the first.
  void add(const Key& key, std::vector<sched::WorkerId> holders, std::size_t nbytes);
  // One reference fewer: the holders to free the value on when it was the last, else none.
  std::vector<sched::WorkerId> release(const Key& key);

 private:
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept { return key.hash(); }
  };
  std::unordered_map<Key, Entry, KeyHash> entries_;
};

}  // namespace dtask::mpi
