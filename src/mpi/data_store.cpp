#include "data_store.hpp"

#include <algorithm>

#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>
#include <dtask/sched/run_log.hpp>

#include "memory_limit.hpp"
#include "spill_directory.hpp"
#include "spill_file.hpp"

namespace dtask::mpi {

namespace {

double now_seconds() { return sched::clock_seconds(std::chrono::steady_clock::now()); }

}  // namespace

DataStore::DataStore(Options options) : options_(std::move(options)) {
  if (options_.memory_limit == 0) return;
  // Pooled chunk buffers are resident but belong to no value: a twentieth of the limit at most.
  set_chunk_buffer_pool_capacity(std::min<std::uint64_t>(std::uint64_t{128} << 20, options_.memory_limit / 20));
  dir_ = std::make_unique<SpillDirectory>(options_.local_dir, options_.name);
  monitor_ = std::jthread([this](std::stop_token stop) { monitor(stop); });
}

DataStore::~DataStore() {
  if (monitor_.joinable()) {
    monitor_.request_stop();
    monitor_.join();
  }
  entries_.clear();  // removes the files before their directory goes
}

DataStore::Entry& DataStore::find(const Key& key) {
  auto it = entries_.find(key);
  if (it == entries_.end()) DTASK_THROW(MpiError, "this worker holds no value for key " + key.str());
  return it->second;
}

// Book-keeping of a value entering memory (put or read back), under the lock.
void DataStore::into_memory(const Key& key, Entry& entry, Value value) {
  if (entry.file) on_disk_ -= entry.nbytes;  // read back
  entry.value = std::move(value);
  entry.lru = lru_.insert(lru_.end(), key);
  counted_ += entry.nbytes;
  counted_high_ = std::max(counted_high_, counted_);
  if (entry.pins > 0) pinned_ += entry.nbytes;
}

// ... and leaving it; the value is returned to be destroyed outside the lock.
Value DataStore::out_of_memory(Entry& entry) {
  lru_.erase(entry.lru);
  counted_ -= entry.nbytes;
  if (entry.pins > 0) pinned_ -= entry.nbytes;
  if (entry.writing) spilling_ -= entry.nbytes, entry.writing = false;
  return std::move(entry.value);
}

// ... to stay on disk only (its file is written).
Value DataStore::to_disk_only(Entry& entry) {
  on_disk_ += entry.nbytes;
  return out_of_memory(entry);
}

void DataStore::put(const Key& key, Value value, SpillOn spill_on) {
  {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = entries_.try_emplace(key);
    if (!inserted) return;
    it->second.nbytes = value.nbytes();
    into_memory(key, it->second, std::move(value));
  }
  spill_to_target(spill_on);
}

bool DataStore::contains(const Key& key) const {
  std::lock_guard lock(mutex_);
  return entries_.count(key) > 0;
}

Value DataStore::get(const Key& key, SpillOn spill_on) {
  std::shared_ptr<const SpilledValue> file;
  {
    std::lock_guard lock(mutex_);
    Entry& entry = find(key);
    if (entry.value.has_value()) {
      lru_.splice(lru_.end(), lru_, entry.lru);  // most recently used
      return entry.value;
    }
    file = entry.file;
  }
  const double start = now_seconds();
  Value value = file->load();  // no lock held while reading the disk
  {
    std::lock_guard lock(mutex_);
    if (recording_spills_) keep_spill_event({key, false, file->file_bytes(), start, now_seconds()});
    auto it = entries_.find(key);
    if (it == entries_.end()) return value;  // freed meanwhile; the caller still gets it
    Entry& entry = it->second;
    if (entry.value.has_value()) return entry.value;  // another thread read it back first
    into_memory(key, entry, value);
    stats_.unspilled_count += 1;
    stats_.unspilled_bytes += file->file_bytes();
  }
  spill_to_target(spill_on);
  return value;
}

DataStore::Lease DataStore::lease(std::span<const Key> keys) {
  Lease lease(this);
  {
    std::lock_guard lock(mutex_);
    ++running_;
    for (const Key& key : keys) {
      Entry& entry = find(key);
      if (entry.pins++ == 0 && entry.value.has_value()) pinned_ += entry.nbytes;
      lease.keys_.push_back(key);
    }
  }
  // Pinned first, so that nothing spills a value between reading it back and using it.
  for (const Key& key : keys) lease.values_.push_back(get(key));
  return lease;
}

DataStore::Lease::Lease(Lease&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)), keys_(std::move(other.keys_)), values_(std::move(other.values_)) {}

DataStore::Lease::~Lease() {
  if (store_) store_->unpin(*this);
}

void DataStore::unpin(const Lease& lease) noexcept {
  {
    std::lock_guard lock(mutex_);
    --running_;
    for (const Key& key : lease.keys_) {
      auto it = entries_.find(key);
      if (it == entries_.end()) continue;
      Entry& entry = it->second;
      if (--entry.pins == 0 && entry.value.has_value()) pinned_ -= entry.nbytes;
    }
  }
  // Values that could not spill while in use may go now; the monitor sees to it.
  if (options_.memory_limit > 0) notify_monitor();
}

void DataStore::erase(const Key& key) {
  Value value;
  std::shared_ptr<const SpilledValue> file;  // both destroyed after the lock is released
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return;
  if (it->second.value.has_value())
    value = out_of_memory(it->second);
  else if (it->second.file)
    on_disk_ -= it->second.nbytes;
  file = std::move(it->second.file);
  entries_.erase(it);
}

std::size_t DataStore::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void DataStore::check_fits(const Key& key, std::uint64_t nbytes) const {
  if (options_.memory_limit == 0 || nbytes <= options_.memory_limit) return;
  DTASK_THROW(TaskError, key.str(),
              "its result of " + format_bytes(nbytes) + " is larger than the memory limit of a worker, " +
                  format_bytes(options_.memory_limit) + " (--memory-limit): use smaller chunks or a larger limit");
}

DataStore::Stats DataStore::stats() const {
  std::lock_guard lock(mutex_);
  Stats s = stats_;
  s.memory_bytes = counted_;
  s.disk_bytes = on_disk_;
  return s;
}

// Under the lock.
void DataStore::keep_spill_event(SpillEvent event) {
  spill_events_.push_back(std::move(event));
  spill_events_waiting_ = true;
}

std::vector<DataStore::SpillEvent> DataStore::take_spill_events() {
  std::lock_guard lock(mutex_);
  spill_events_waiting_ = false;
  return std::exchange(spill_events_, {});
}

MemoryReading DataStore::reading() const {
  std::lock_guard lock(mutex_);
  MemoryReading r;
  r.limit = options_.memory_limit;
  r.counted = counted_ - spilling_;
  r.spilling = spilling_;
  // A leased value may be being written as well: never below zero.
  r.spillable = counted_ - spilling_ - std::min(pinned_, counted_ - spilling_);
  r.running = running_;
  return r;
}

void DataStore::spill_to_target(SpillOn spill_on) {
  if (options_.memory_limit == 0) return;
  const MemoryReading r = reading();
  const auto target = static_cast<std::uint64_t>(static_cast<double>(r.limit) * options_.thresholds.target);
  if (r.counted <= target) return;
  if (spill_on == SpillOn::caller) spill(r.counted - target);
  // The monitor spills for the comm thread, and pauses the worker when memory is past the
  // pause fraction.
  if (spill_on == SpillOn::monitor || r.counted > static_cast<std::uint64_t>(static_cast<double>(r.limit) * options_.thresholds.pause))
    notify_monitor();
}

// Writes least-recently-used values not in use until `need` bytes left memory (or nothing
// more can go); returns the bytes that left.
std::uint64_t DataStore::spill(std::uint64_t need) {
  std::vector<std::pair<Key, Value>> to_write;
  std::vector<Value> dropped;  // destroyed after the lock is released
  std::uint64_t freed = 0;
  {
    std::lock_guard lock(mutex_);
    std::vector<SpillCandidate> candidates;
    candidates.reserve(lru_.size());
    for (const Key& key : lru_) {
      const Entry& e = entries_.at(key);
      candidates.push_back({e.nbytes, e.pins > 0 || e.writing});
    }
    auto it = lru_.begin();
    for (std::size_t n = spill_count_for(candidates, need); n > 0; --n) {
      const Key& key = *it++;
      Entry& entry = entries_.at(key);
      if (entry.pins > 0 || entry.writing) continue;
      freed += entry.nbytes;
      if (entry.file) {
        dropped.push_back(to_disk_only(entry));  // read back earlier: its file is still there
      } else {
        entry.writing = true;
        spilling_ += entry.nbytes;
        to_write.emplace_back(key, entry.value);
      }
    }
  }
  for (auto& [key, value] : to_write) {
    const double start = now_seconds();
    auto file = std::make_shared<const SpilledValue>(value, dir_->new_file_path());
    std::lock_guard lock(mutex_);
    if (recording_spills_) keep_spill_event({key, true, file->file_bytes(), start, now_seconds()});
    stats_.spill_count += 1;
    stats_.spilled_bytes += file->file_bytes();
    auto it = entries_.find(key);
    // Freed while being written (its file goes with `file`), or freed and put again.
    if (it == entries_.end() || !it->second.writing) continue;
    Entry& entry = it->second;
    entry.writing = false;
    spilling_ -= entry.nbytes;
    entry.file = std::move(file);
    if (entry.pins == 0) dropped.push_back(to_disk_only(entry));  // else it goes once unpinned
  }
  return freed;
}

void DataStore::monitor(std::stop_token stop) {
  std::mutex wait_mutex;
  bool spilled = false;
  while (!stop.stop_requested()) {
    if (!spilled) {  // after a spill, look again at once: it may not have been enough
      std::unique_lock lock(wait_mutex);
      wake_monitor_.wait_for(lock, stop, options_.monitor_interval, [this] { return wake_.exchange(false); });
      if (stop.stop_requested()) return;
    }
    MemoryReading r = reading();
    r.resident = options_.resident();
    const MemoryDecision decision = decide_memory(r, options_.thresholds);
    spilled = decision.spill_bytes > 0 && spill(decision.spill_bytes) > 0;
    bool trim = false;
    {
      std::lock_guard lock(mutex_);
      trim = should_trim(counted_, counted_high_, options_.memory_limit);
      if (trim) counted_high_ = counted_;
    }
    if (trim) trim_heap();
    if (paused_.exchange(decision.paused) != decision.paused) {
      if (decision.paused) {
        std::lock_guard lock(mutex_);
        stats_.pause_count += 1;
      }
      if (options_.on_pause_change) options_.on_pause_change();
    }
  }
}

void DataStore::notify_monitor() {
  wake_ = true;
  wake_monitor_.notify_one();
}

}  // namespace dtask::mpi
