#include "profile_collector.hpp"

#include <dtask/sched/run_log.hpp>

namespace dtask::mpi {

double ProfileCollector::to_log_time(sched::WorkerId worker, double worker_time) const {
  return worker_time + offsets_[worker] - sched::start_in_clock_seconds();
}

void ProfileCollector::flush(std::shared_ptr<const Plan> plan, double scheduler_busy_seconds) {
  const auto rank_of = [](sched::WorkerId w) { return static_cast<int>(w) + 1; };
  // Worker clock and numbering to the log's, in place.
  const auto convert = [&](auto& record, auto&... times) {
    const auto worker = static_cast<sched::WorkerId>(record.worker);
    ((times = to_log_time(worker, times)), ...);
    record.worker = rank_of(worker);
  };
  for (sched::NodeRun& r : runs_) convert(r, r.start, r.end);
  for (sched::MemorySample& m : memory_) convert(m, m.time);
  for (sched::KeySpill& s : spills_) convert(s, s.start, s.end);
  std::vector<sched::KeyTransfer> transfers;
  transfers.reserve(fetches_.size());
  for (auto& [worker, t] : fetches_)
    transfers.push_back(sched::KeyTransfer{std::move(t.key), t.from, rank_of(worker), t.bytes,
                                           to_log_time(worker, t.start),
                                           to_log_time(worker, t.end)});
  sched::append_records({std::move(plan), std::move(runs_), std::move(transfers), std::move(spills_),
                         std::move(memory_), scheduler_busy_seconds});
  // Moved from: valid, now made empty.
  runs_.clear();
  fetches_.clear();
  spills_.clear();
  memory_.clear();
}

}  // namespace dtask::mpi
