#include <dtask/core/error.hpp>
#include <dtask/diagnostics/profile.hpp>
#include <dtask/sched/run_log.hpp>
#include <fstream>
#include <iomanip>
#include <nlohmann/json.hpp>

namespace dtask::diagnostics {

namespace {

std::ofstream open_for_writing(const std::string& path) {
  std::ofstream file(path);
  if (!file) DTASK_THROW(ValueError, "cannot open '" + path + "' for writing the profile");
  file << std::setprecision(9);
  return file;
}

void finish(std::ofstream& file, const std::string& path) {
  if (!file.flush()) DTASK_THROW(ValueError, "cannot write '" + path + "'");
}

// A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180).
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// <path without .csv>.<what>.csv: the tables written beside the tasks'.
std::string beside(const std::string& path, const std::string& what) {
  const std::string stem =
      path.size() > 4 && path.ends_with(".csv") ? path.substr(0, path.size() - 4) : path;
  return stem + "." + what + ".csv";
}

}  // namespace

void Profile::to_csv(const std::string& path) const {
  std::ofstream tasks = open_for_writing(path);
  tasks << "key,prefix,worker,thread,start,end,bytes_in,bytes_out\n";
  for (const TaskRecord& t : records.tasks)
    tasks << csv_field(t.key) << ',' << csv_field(t.prefix) << ',' << t.worker << ',' << t.thread
          << ',' << t.start << ',' << t.end << ',' << t.bytes_in << ',' << t.bytes_out << '\n';
  finish(tasks, path);

  const std::string transfers_path = beside(path, "transfers");
  std::ofstream transfers = open_for_writing(transfers_path);
  transfers << "key,from,to,bytes,start,end\n";
  for (const TransferRecord& t : records.transfers)
    transfers << csv_field(t.key) << ',' << t.from << ',' << t.to << ',' << t.bytes << ','
              << t.start << ',' << t.end << '\n';
  finish(transfers, transfers_path);

  const std::string spills_path = beside(path, "spills");
  std::ofstream spills = open_for_writing(spills_path);
  spills << "key,worker,to_disk,bytes,start,end\n";
  for (const SpillRecord& s : records.spills)
    spills << csv_field(s.key) << ',' << s.worker << ',' << s.to_disk << ',' << s.bytes << ','
           << s.start << ',' << s.end << '\n';
  finish(spills, spills_path);

  const std::string memory_path = beside(path, "memory");
  std::ofstream memory = open_for_writing(memory_path);
  memory << "worker,time,resident_bytes,stored_bytes,spilled_bytes\n";
  for (const MemorySample& m : records.memory)
    memory << m.worker << ',' << m.time << ',' << m.resident_bytes << ',' << m.stored_bytes << ','
           << m.spilled_bytes << '\n';
  finish(memory, memory_path);
}

std::string Profile::json() const {
  nlohmann::json computes = nlohmann::json::array(), tasks = nlohmann::json::array(),
                 transfers = nlohmann::json::array(), spills = nlohmann::json::array(),
                 memory = nlohmann::json::array();
  for (const ComputeRecord& c : records.computes)
    computes.push_back({{"start", c.start}, {"end", c.end}, {"tasks", c.tasks}});
  for (const TaskRecord& t : records.tasks)
    tasks.push_back({{"key", t.key},
                     {"prefix", t.prefix},
                     {"worker", t.worker},
                     {"thread", t.thread},
                     {"start", t.start},
                     {"end", t.end},
                     {"bytes_in", t.bytes_in},
                     {"bytes_out", t.bytes_out}});
  for (const TransferRecord& t : records.transfers)
    transfers.push_back({{"key", t.key},
                         {"from", t.from},
                         {"to", t.to},
                         {"bytes", t.bytes},
                         {"start", t.start},
                         {"end", t.end}});
  for (const SpillRecord& s : records.spills)
    spills.push_back({{"key", s.key},
                      {"worker", s.worker},
                      {"to_disk", s.to_disk},
                      {"bytes", s.bytes},
                      {"start", s.start},
                      {"end", s.end}});
  for (const MemorySample& m : records.memory)
    memory.push_back({{"worker", m.worker},
                      {"time", m.time},
                      {"resident_bytes", m.resident_bytes},
                      {"stored_bytes", m.stored_bytes},
                      {"spilled_bytes", m.spilled_bytes}});
  nlohmann::json j = {{"wall_seconds", records.wall_seconds},
                      {"scheduler_busy_seconds", records.scheduler_busy_seconds},
                      {"computes", computes},
                      {"tasks", tasks},
                      {"transfers", transfers},
                      {"spills", spills},
                      {"memory", memory}};
  return j.dump() + "\n";
}

void Profile::to_json(const std::string& path) const {
  std::ofstream file = open_for_writing(path);
  file << json();
  finish(file, path);
}

void set_profiling(bool on) { sched::set_recording(on); }
Profile profile() { return Profile{sched::recorded()}; }
void clear_profile() { sched::clear_records(); }

}  // namespace dtask::diagnostics
