// Profile: what the profiler recorded of this process's computations, on the client (rank 0).
//
//   dtask::diagnostics::set_profiling(true);   // or --report FILE.html
//   total.compute();
//   auto profile = dtask::diagnostics::profile();
//   profile.to_csv("tasks.csv");   // also tasks.transfers.csv, tasks.spills.csv, tasks.memory.csv
//   profile.to_json("profile.json");
//
// Times are seconds since the process started, on rank 0's clock (workers' times are
// converted: see src/mpi/profile_collector.hpp). A Profile is a copy: later computations do
// not change it.
#pragma once

#include <dtask/sched/task_record.hpp>
#include <string>

namespace dtask::diagnostics {

using sched::ComputeRecord;
using sched::MemorySample;
using sched::SpillRecord;
using sched::TaskRecord;
using sched::TransferRecord;

struct Profile {
  sched::RunRecords records;

  // Tasks as CSV (key,prefix,worker,thread,start,end,bytes_in,bytes_out), and beside them, in
  // <path without .csv>.transfers.csv, .spills.csv and .memory.csv: the transfers
  // (key,from,to,bytes,start,end), the spills (key,worker,to_disk,bytes,start,end; to_disk 0:
  // read back) and the memory samples (worker,time,resident_bytes,stored_bytes,spilled_bytes).
  void to_csv(const std::string& path) const;
  // One JSON object: wall_seconds, scheduler_busy_seconds, computes, tasks, transfers, spills,
  // memory.
  void to_json(const std::string& path) const;
  std::string json() const;
};

// Turns the profiler on or off for later computations (off unless --report asked for it: a
// record costs a vector push on the client per task).
void set_profiling(bool on);
// Everything recorded so far.
Profile profile();
// Forgets it.
void clear_profile();

}  // namespace dtask::diagnostics
