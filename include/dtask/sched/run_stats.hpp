// RunStats: what a run did, for `--stats FILE` (one JSON object, written on rank 0 at exit).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dtask::sched {

// A worker's memory over the run, as it reports it at shutdown.
struct WorkerMemory {
  std::uint64_t memory_limit = 0;     // bytes (--memory-limit); 0: none
  std::uint64_t spill_count = 0;      // values written to its spill directory
  std::uint64_t spilled_bytes = 0;
  std::uint64_t unspilled_count = 0;  // values read back from it
  std::uint64_t unspilled_bytes = 0;
  std::uint64_t pause_count = 0;      // times it paused (memory above the pause fraction)
  std::uint64_t peak_resident_bytes = 0;  // the process's peak resident memory
};

struct WorkerStats {
  int rank = 0;
  std::uint64_t tasks = 0;
  double busy_seconds = 0;      // time its compute threads spent in tasks
  std::uint64_t keys_held = 0;  // results it still held when the run ended (0 unless leaked)
  std::uint64_t fetched_bytes = 0;  // inputs pulled from other workers
  double fetch_seconds = 0;         // summed over fetches, from request sent to data received
  double fetch_bandwidth_median = 0;  // bytes/s of one fetch, median over (at most 4096) fetches
  WorkerMemory memory;
};

struct RunStats {
  std::uint64_t tasks = 0;
  double wall_seconds = 0;
  int workers = 0;  // worker ranks; 0 when everything ran in one process
  unsigned threads_per_worker = 0;
  std::uint64_t messages = 0;  // MPI messages sent by every rank
  std::uint64_t bytes_worker_to_worker = 0;
  std::uint64_t bytes_to_client = 0;  // result bytes gathered on rank 0
  double scheduler_busy_seconds = 0;
  std::vector<WorkerStats> per_worker;
};

std::string to_json(const RunStats& stats);
// Writes to_json(stats) to path; throws dtask::ValueError when it cannot.
void write_json(const RunStats& stats, const std::string& path);

}  // namespace dtask::sched
