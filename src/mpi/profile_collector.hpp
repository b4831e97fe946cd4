// The profiler on the scheduler rank: keeps a job's task runs, fetches and memory samples as the
// workers report them (plain numbers, in the workers' clocks) and turns them into the log's
// records, on the client's clock, when the job ends.
//
// Clocks: every report from a worker carries the worker's steady-clock time of an event that
// happened before the report was sent. The smallest (arrival - event time) over a worker's
// reports is its clock's offset plus the shortest latency seen (microseconds on one node); it
// places every event no later than the report that told of it, on any machine, without an extra
// round trip.
#pragma once

#include <cstdint>
#include <dtask/core/plan.hpp>
#include <dtask/sched/state_machine.hpp>
#include <dtask/sched/task_record.hpp>
#include <limits>
#include <memory>
#include <vector>

#include "protocol.hpp"

namespace dtask::mpi {

class ProfileCollector {
 public:
  void add_workers(std::size_t count) {
    offsets_.assign(count, std::numeric_limits<double>::infinity());
  }

  // A report from worker about an event at `event` (its clock) arrived at `arrived` (ours).
  void observe_clock(sched::WorkerId worker, double event, double arrived) {
    offsets_[worker] = std::min(offsets_[worker], arrived - event);
  }

  // Kept as the log's records from the start, in the worker's clock and numbering: flush
  // converts them in place and hands the vector over, without a copy.
  void task_done(sched::WorkerId worker, const TaskDone& m) {
    runs_.push_back(sched::NodeRun{m.node, static_cast<int>(worker), m.thread, m.start,
                                   m.start + m.seconds, m.bytes_in, m.nbytes});
  }
  void transfers(sched::WorkerId worker, Transfers m) {
    for (Transfer& t : m.items) fetches_.emplace_back(worker, std::move(t));
  }
  void memory(sched::WorkerId worker, MemoryReport m) {
    for (const MemoryUse& u : m.items)
      memory_.push_back(sched::MemorySample{static_cast<int>(worker), u.time, u.resident_bytes,
                                            u.stored_bytes, u.spilled_bytes});
    for (Spill& s : m.spills)
      spills_.push_back(sched::KeySpill{std::move(s.key), static_cast<int>(worker), s.to_disk,
                                        s.bytes, s.start, s.end});
  }

  // Appends the job's records to the log (sched/run_log.hpp) and forgets them.
  void flush(std::shared_ptr<const Plan> plan, double scheduler_busy_seconds);

 private:
  double to_log_time(sched::WorkerId worker, double worker_time) const;

  std::vector<double> offsets_;  // by worker: add to its clock to get ours
  std::vector<sched::NodeRun> runs_;
  std::vector<std::pair<sched::WorkerId, Transfer>> fetches_;
  std::vector<sched::MemorySample> memory_;  // like runs_: worker clock and numbering until flush
  std::vector<sched::KeySpill> spills_;      // likewise
};

}  // namespace dtask::mpi
