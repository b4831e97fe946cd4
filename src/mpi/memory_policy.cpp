#include "memory_policy.hpp"

#include <algorithm>

namespace dtask::mpi {

namespace {

std::uint64_t fraction(std::uint64_t limit, double f) { return static_cast<std::uint64_t>(static_cast<double>(limit) * f); }

}  // namespace

MemoryDecision decide_memory(const MemoryReading& r, const MemoryThresholds& t) {
  const std::uint64_t target = fraction(r.limit, t.target);
  std::uint64_t need = r.counted > target ? r.counted - target : 0;
  // Resident memory the worker does not count (allocator caches, buffers of running tasks)
  // can only be made up for by spilling counted bytes.
  if (r.resident > fraction(r.limit, t.spill)) need = std::max(need, r.resident - target);
  MemoryDecision d;
  d.spill_bytes = std::min(need, r.spillable);
  // Pausing waits for spills and running tasks to bring memory down. With nothing left to
  // spill, nothing being written and nothing running, no waiting helps: the worker runs tasks
  // one at a time instead of waiting forever (memory it does not hold is not its to free).
  const bool above = std::max(r.counted + r.spilling, r.resident) > fraction(r.limit, t.pause);
  d.paused = above && (r.spillable > 0 || r.spilling > 0 || r.running > 0);
  return d;
}

bool should_trim(std::uint64_t counted, std::uint64_t counted_high, std::uint64_t limit) {
  return counted_high > counted && counted_high - counted >= limit / 10;
}

std::size_t spill_count_for(std::span<const SpillCandidate> lru_first, std::uint64_t need) {
  std::uint64_t chosen = 0;
  std::size_t n = 0;
  while (n < lru_first.size() && chosen < need) {
    if (!lru_first[n].in_use) chosen += lru_first[n].nbytes;
    ++n;
  }
  return n;
}

}  // namespace dtask::mpi
