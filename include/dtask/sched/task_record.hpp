// What the profiler keeps of a computation: one record per task run, per input moved between
// workers and per value spilled to disk or read back, and samples of each worker's memory, in
// seconds since the process's start on the client's clock. The schedulers fill them
// (sched/run_log.hpp); diagnostics/ reads, writes and draws them.
#pragma once

#include <chrono>
#include <cstdint>
#include <dtask/core/key.hpp>
#include <dtask/core/plan.hpp>
#include <memory>
#include <string>
#include <vector>

namespace dtask::sched {

struct TaskRecord {
  std::string key;      // Key::str()
  std::string prefix;   // Key::prefix(): what the report groups and colours by
  int worker = 0;       // rank; 0 when everything ran in one process
  unsigned thread = 0;  // compute thread of that worker
  double start = 0;
  double end = 0;
  std::uint64_t bytes_in = 0;   // inputs fetched from other workers for this task
  std::uint64_t bytes_out = 0;  // the result's nbytes
};

// One input fetched by worker `to` from worker `from`: from the request sent to its bytes
// received (inputs asked for in one request share their times).
struct TransferRecord {
  std::string key;
  int from = 0;
  int to = 0;
  std::uint64_t bytes = 0;
  double start = 0;
  double end = 0;
};

// A worker's memory at one moment. Workers sample it while profiling: when their part of a
// job starts, every memory_sample_interval while they have tasks, and when they have none left.
struct MemorySample {
  int worker = 0;  // rank; 0 when everything ran in one process
  double time = 0;
  std::uint64_t resident_bytes = 0;  // the process's, as the kernel counts it
  std::uint64_t stored_bytes = 0;    // the results it holds in memory (their nbytes)
  std::uint64_t spilled_bytes = 0;   // the results it holds on disk only
};
inline constexpr std::chrono::milliseconds memory_sample_interval{50};

// A value a worker wrote to its spill directory (to_disk) or read back from it.
struct SpillRecord {
  std::string key;
  int worker = 0;
  bool to_disk = true;
  std::uint64_t bytes = 0;  // of its file
  double start = 0;
  double end = 0;
};

// One compute() call, as seen by its caller.
struct ComputeRecord {
  double start = 0;
  double end = 0;
  std::uint64_t tasks = 0;
};

// The same records as the schedulers hand them over: tasks by node of their plan, transfers
// with their Key; keys become text only when someone asks for the records, not inside the
// computation.
struct NodeRun {
  NodeId node = 0;
  int worker = 0;
  unsigned thread = 0;
  double start = 0;
  double end = 0;
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
};
struct KeyTransfer {
  Key key;
  int from = 0;
  int to = 0;
  std::uint64_t bytes = 0;
  double start = 0;
  double end = 0;
};
struct KeySpill {
  Key key;
  int worker = 0;
  bool to_disk = true;
  std::uint64_t bytes = 0;
  double start = 0;
  double end = 0;
};

// One job's records as a scheduler hands them to the log.
struct JobRecords {
  std::shared_ptr<const Plan> plan;  // kept until the records are read: it names the runs' keys
  std::vector<NodeRun> runs;
  std::vector<KeyTransfer> transfers;
  std::vector<KeySpill> spills;
  std::vector<MemorySample> memory;
  double scheduler_busy_seconds = 0;  // the MPI scheduler thread's; 0 locally
};

struct RunRecords {
  double wall_seconds = 0;            // from the process's start to when these were taken
  double scheduler_busy_seconds = 0;  // the MPI scheduler thread's, in these computes; 0 locally
  std::vector<ComputeRecord> computes;
  std::vector<TaskRecord> tasks;
  std::vector<TransferRecord> transfers;
  std::vector<SpillRecord> spills;
  std::vector<MemorySample> memory;
};

}  // namespace dtask::sched
