// Spilled values on disk. A SpillDirectory is a fresh directory of one worker's own, removed
// with everything in it when the object goes, and also, should the process die without
// unwinding, at exit, from the job's terminate handler (remove_spill_directories) and on
// SIGTERM, SIGINT or SIGHUP when nothing else handles them (mpirun's way to end a failed job). A
// SpilledValue is one value in one file of it: the bytes alone for values with a raw form
// (chunks, vectors, Eigen matrices), their Boost serialisation for the others.
//
//   SpillDirectory dir("/scratch", "dtask-worker-1");   // /scratch/dtask-worker-1-a8Xk2Q
//   SpilledValue spilled(value, dir.new_file_path());   // written
//   Value back = spilled.load();                        // the same bits
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include <dtask/core/value.hpp>

namespace dtask::mpi {

class SpillDirectory {
 public:
  // parent "": $TMPDIR, else /tmp. Throws dtask::IoError naming the directory.
  SpillDirectory(const std::string& parent, const std::string& prefix);
  ~SpillDirectory();
  SpillDirectory(const SpillDirectory&) = delete;
  SpillDirectory& operator=(const SpillDirectory&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::string new_file_path();

 private:
  std::string path_;
  std::atomic<std::uint64_t> next_{0};
  void* signal_slot_ = nullptr;  // its entry for the SIGTERM/SIGINT/SIGHUP handler
};

// Removes every SpillDirectory of this process that still exists (for exit paths that skip
// destructors); never throws, never blocks on a lock.
void remove_spill_directories() noexcept;

class SpilledValue {
 public:
  // Writes value to a new file at path; throws dtask::IoError naming the file.
  SpilledValue(const Value& value, std::string path);
  ~SpilledValue();  // removes the file
  SpilledValue(const SpilledValue&) = delete;
  SpilledValue& operator=(const SpilledValue&) = delete;

  // The value read back; throws dtask::IoError naming the file.
  Value load() const;
  std::uint64_t file_bytes() const noexcept { return file_bytes_; }

 private:
  std::string path_;
  const ValueType* raw_type_ = nullptr;  // set: the file holds raw bytes of this shape
  RawShape raw_shape_;
  std::uint64_t file_bytes_ = 0;
};

}  // namespace dtask::mpi
