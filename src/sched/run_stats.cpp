#include <dtask/sched/run_stats.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include <dtask/core/error.hpp>

namespace dtask::sched {

std::string to_json(const RunStats& stats) {
  nlohmann::json workers = nlohmann::json::array();
  for (const WorkerStats& w : stats.per_worker) {
    const WorkerMemory& m = w.memory;
    workers.push_back({{"rank", w.rank}, {"tasks", w.tasks}, {"busy_seconds", w.busy_seconds}, {"keys_held", w.keys_held},
                       {"fetched_bytes", w.fetched_bytes}, {"fetch_seconds", w.fetch_seconds},
                       {"fetch_bandwidth_median", w.fetch_bandwidth_median}, {"memory_limit", m.memory_limit},
                       {"spill_count", m.spill_count}, {"spilled_bytes", m.spilled_bytes},
                       {"unspilled_count", m.unspilled_count}, {"unspilled_bytes", m.unspilled_bytes},
                       {"pause_count", m.pause_count}, {"peak_resident_bytes", m.peak_resident_bytes}});
  }
  nlohmann::json j = {
      {"tasks", stats.tasks},
      {"wall_seconds", stats.wall_seconds},
      {"workers", stats.workers},
      {"threads_per_worker", stats.threads_per_worker},
      {"messages", stats.messages},
      {"bytes_worker_to_worker", stats.bytes_worker_to_worker},
      {"bytes_to_client", stats.bytes_to_client},
      {"scheduler_busy_seconds", stats.scheduler_busy_seconds},
      {"scheduler_us_per_task", stats.tasks ? stats.scheduler_busy_seconds * 1e6 / static_cast<double>(stats.tasks) : 0.0},
      {"per_worker", workers},
  };
  return j.dump(2) + "\n";
}

void write_json(const RunStats& stats, const std::string& path) {
  std::ofstream file(path);
  if (!file) DTASK_THROW(ValueError, "cannot open '" + path + "' for writing the statistics");
  file << to_json(stats);
  if (!file.flush()) DTASK_THROW(ValueError, "cannot write '" + path + "'");
}

}  // namespace dtask::sched
