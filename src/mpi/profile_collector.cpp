#include "profile_collector.hpp"

#include <dtask/sched/run_log.hpp>

namespace dtask::mpi {

double ProfileCollector::to_log_time(sched::WorkerId worker, double worker_time) const {
  return worker_time + offsets_[worker] - sched::start_in_clock_seconds();
}

void ProfileCollector::flush(std::shared_ptr<const Plan> plan, double scheduler_busy_seconds) {
  const auto rank_of = [](sched::WorkerId w) { return static_cast<int>(w) + 1; };
  for (sched::NodeRun& r : runs_) {
    const auto worker = static_cast<sched::WorkerId>(r.worker);
    r.start = to_log_time(worker, r.start);
    r.end = to_log_time(worker, r.end);
    r.worker = rank_of(worker);
  }
  for (sched::MemorySample& m : memory_) {
    const auto worker = static_cast<sched::WorkerId>(m.worker);
    m.time = to_log_time(worker, m.time);
    m.worker = rank_of(worker);
  }
  std::vector<sched::KeyTransfer> transfers;
  transfers.reserve(fetches_.size());
  for (auto& [worker, t] : fetches_)
    transfers.push_back(sched::KeyTransfer{std::move(t.key), t.from, rank_of(worker), t.bytes,
                                           to_log_time(worker, t.start),
                                           to_log_time(worker, t.end)});
  sched::append_records(std::move(plan), std::move(runs_),
                        std::move(transfers), std::move(memory_), scheduler_busy_seconds);
  runs_.clear();  // moved from: valid, now made empty
  fetches_.clear();
  memory_.clear();
}

}  // namespace dtask::mpi
