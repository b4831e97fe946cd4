#include "persisted.hpp"

#include <dtask/core/error.hpp>

namespace dtask::mpi {

void ReleaseQueue::post(const std::vector<Key>& keys) {
  std::lock_guard lock(mutex_);
  if (closed_) return;
  keys_.insert(keys_.end(), keys.begin(), keys.end());
  wake_();  // under the lock: close() cannot end the loop in between
}

std::vector<Key> ReleaseQueue::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(keys_, {});
}

void ReleaseQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

PersistedHandle::~PersistedHandle() {
  if (keys_.empty()) return;
  if (auto queue = queue_.lock()) queue->post(keys_);
}

namespace {

long persisted_on_worker(const PersistedHandle&) {
  DTASK_THROW(ValueError,
              "this value is persisted on the workers of the MPI runtime: compute it with the "
              "runtime's default scheduler, not another one");
}

}  // namespace

const Function& persisted_marker_function() {
  static const Function& function = register_function("mpi.persisted_on_worker", &persisted_on_worker, "persisted");
  return function;
}

const PersistedRegistry::Entry* PersistedRegistry::find(const Key& key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

void PersistedRegistry::add(const Key& key, std::vector<sched::WorkerId> holders, std::size_t nbytes) {
  Entry& entry = entries_[key];
  if (entry.references++ == 0) {
    entry.holders = std::move(holders);
    entry.nbytes = nbytes;
  }
}

std::vector<sched::WorkerId> PersistedRegistry::release(const Key& key) {
  auto it = entries_.find(key);
  if (it == entries_.end() || --it->second.references > 0) return {};
  std::vector<sched::WorkerId> holders = std::move(it->second.holders);
  entries_.erase(it);
  return holders;
}

}  // namespace dtask::mpi
