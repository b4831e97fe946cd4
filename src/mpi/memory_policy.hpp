// What a worker with a memory limit does about its memory, as pure functions of what it
// measures (Dask's worker memory management): above the target fraction of the limit in
// counted bytes, spill least-recently-used values to disk; above the spill fraction in resident
// memory, spill until resident memory would be back at the target; above the pause fraction,
// start no new task until memory is below it again.
#pragma once

#include <cstdint>
#include <span>

namespace dtask::mpi {

// Fractions of the memory limit; Dask's defaults (distributed.worker.memory.*).
struct MemoryThresholds {
  double target = 0.6;
  double spill = 0.7;
  double pause = 0.8;
};

// One look at a worker's memory.
struct MemoryReading {
  std::uint64_t limit = 0;      // bytes, > 0
  std::uint64_t counted = 0;    // Value::nbytes of the values held in memory, less `spilling`
  std::uint64_t spilling = 0;   // bytes of values being written to disk right now
  std::uint64_t resident = 0;   // resident bytes of the process
  std::uint64_t spillable = 0;  // counted bytes that could go to disk now (not used by a task)
  std::uint32_t running = 0;    // tasks running now
};

struct MemoryDecision {
  std::uint64_t spill_bytes = 0;  // spill least-recently-used values of at least this many bytes
  bool paused = false;            // start no new task
};

MemoryDecision decide_memory(const MemoryReading& reading, const MemoryThresholds& thresholds = {});

// Whether to hand freed heap back to the kernel: counted bytes fell by a tenth of the limit or
// more since their last high point (spilled or freed values), so glibc may hold that much.
bool should_trim(std::uint64_t counted, std::uint64_t counted_high, std::uint64_t limit);

// A value that may go to disk, in least-recently-used order.
struct SpillCandidate {
  std::uint64_t nbytes = 0;
  bool in_use = false;  // read by a running task, or being written already: skipped
};

// How many of the candidates, from the front, to consider for at least `need` bytes: the
// values not in use among them are the ones to spill.
std::size_t spill_count_for(std::span<const SpillCandidate> lru_first, std::uint64_t need);

}  // namespace dtask::mpi
