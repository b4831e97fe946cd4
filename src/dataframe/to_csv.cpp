// DataFrame::to_csv: each partition is written by the worker that holds it, into a temporary
// file next to its target; one last task renames them (one file per partition) or joins them
// in order and renames the result (one file). A failed computation leaves temporaries only,
// which the caller removes: never a half-written file under a target's name.
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>

#include <dtask/core/function.hpp>
#include <dtask/dataframe/dataframe.hpp>

#include "../io/csv_write.hpp"

namespace dtask::dataframe {

namespace {

namespace fs = std::filesystem;

std::int64_t write_partition(const Table& table, const std::string& path,
                             const io::CsvWriteFormat& format) {
  std::string text;
  io::append_csv(table, format, text);
  io::write_file(path, text);
  return static_cast<std::int64_t>(text.size());
}

void rename_file(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0)
    DTASK_THROW(IoError, "cannot write " + to + ": rename failed");
}

std::int64_t finish_files(const std::vector<std::int64_t>& written,
                          const std::vector<std::string>& temporaries,
                          const std::vector<std::string>& targets) {
  for (std::size_t i = 0; i < targets.size(); ++i) rename_file(temporaries[i], targets[i]);
  return static_cast<std::int64_t>(written.size());
}

std::int64_t finish_file(const std::vector<std::int64_t>& written,
                         const std::vector<std::string>& parts, const std::string& temporary,
                         const std::string& target) {
  io::concatenate_files(parts, temporary);
  rename_file(temporary, target);
  return static_cast<std::int64_t>(written.size());
}

const Function& write_function =
    register_function("dataframe.write_csv", &write_partition, "write_csv");
const Function& finish_files_function =
    register_function("dataframe.finish_csv_files", &finish_files, "finish_csv");
const Function& finish_file_function =
    register_function("dataframe.finish_csv_file", &finish_file, "finish_csv");

void check_directory(const std::string& path) {
  const fs::path target(path);
  const fs::path directory = target.has_parent_path() ? target.parent_path() : fs::path(".");
  if (!fs::is_directory(directory))
    DTASK_THROW(IoError, "cannot write " + path + ": no directory " + directory.string());
  if (::access(directory.c_str(), W_OK) != 0) {
    DTASK_THROW(IoError,
                "cannot write " + path + ": directory " + directory.string() + " is not writable");
  }
}

std::string temporary_name(const std::string& path) {
  static std::atomic<int> counter{0};
  return path + ".dtask-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp";
}

// Removes what a failed run left behind.
struct RemoveOnFailure {
  std::vector<std::string> paths;
  bool done = false;
  ~RemoveOnFailure() {
    if (done) return;
    std::error_code ignored;
    for (const std::string& path : paths) fs::remove(path, ignored);
  }
};

}  // namespace

void DataFrame::to_csv(const std::string& path, const CsvWriteOptions& options) const {
  const auto star = path.find('*');
  const bool per_partition = star != std::string::npos;
  std::vector<std::string> targets;
  for (std::int64_t i = 0; i < (per_partition ? npartitions_ : 1); ++i) {
    targets.push_back(
        per_partition ? path.substr(0, star) + std::to_string(i) + path.substr(star + 1) : path);
  }
  for (const std::string& target : targets) check_directory(target);

  RemoveOnFailure temporaries;
  for (std::int64_t i = 0; i < npartitions_; ++i) {
    temporaries.paths.push_back(
        temporary_name(targets[per_partition ? static_cast<std::size_t>(i) : 0]));
  }
  const std::vector<std::string> parts = temporaries.paths;
  // One layer of writes, one partition each, then the task that finishes the files.
  const std::string write_name = unique_name("to_csv");
  Layer::Tasks writes;
  KeyList written;
  for (std::int64_t i = 0; i < npartitions_; ++i) {
    io::CsvWriteFormat format;
    format.delimiter = options.delimiter;
    format.header = options.header && (per_partition || i == 0);
    format.index = options.index;
    written.push_back(Key(write_name, {static_cast<std::int32_t>(i)}));
    writes.emplace_back(
        written.back(),
        Task(write_function, {key(i), Value(parts[static_cast<std::size_t>(i)]), Value(format)}));
  }
  auto write_layer = std::make_shared<const Layer>(write_name, std::move(writes), graph_.tops());
  Task finish;
  if (per_partition) {
    finish = Task(finish_files_function, {written, Value(parts), Value(targets)});
  } else {
    temporaries.paths.push_back(temporary_name(path));
    finish = Task(finish_file_function,
                  {written, Value(parts), Value(temporaries.paths.back()), Value(path)});
  }
  const std::string name = unique_name("finish_csv");
  Layer::Tasks tasks;
  tasks.emplace_back(Key(name), std::move(finish));
  const Graph graph(std::make_shared<const Layer>(name, std::move(tasks), LayerPtrs{write_layer}));
  const std::vector<Key> wanted{Key(name)};
  sched::default_scheduler().get(graph, wanted);
  temporaries.done = true;
}

}  // namespace dtask::dataframe
