// SpillDirectory: a fresh directory of one worker's own for its spill files, removed with
// everything in it when the object goes, and also, should the process die without unwinding,
// at exit, from the job's terminate handler (remove_spill_directories), and on SIGTERM, SIGINT
// or SIGHUP when nothing else handles them (mpirun's way to end the other ranks of a failed job).
//
//   SpillDirectory dir("/scratch", "dtask-worker-1");   // /scratch/dtask-worker-1-a8Xk2Q
//   std::string path = dir.new_file_path();             // .../0, .../1, ...
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

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

}  // namespace dtask::mpi
