// dtask::Runtime: one object at the top of main() that makes a program run anywhere.
//
//   int main(int argc, char** argv) {
//     dtask::Runtime rt(argc, argv);  // ranks >= 1 serve as workers and exit here
//     ... build collections, compute() ...
//   }
//
// Under `mpirun -np N+1`, rank 0 continues into main as the client, with the scheduler on a
// thread of its own, and ranks 1..N become workers with --threads compute threads each; they
// return from this constructor only by exiting the process when rank 0 is done. With one rank,
// or without mpirun, compute() runs on the thread scheduler of this process.
//
// It reads its options from the command line and removes them, so the program's own parser
// sees the rest (a program's own option must not take one of these names: --threads,
// --memory-limit, --local-dir, --report, --graph, --graph-colour, --progress, --no-progress,
// --stats); DTASK_THREADS, DTASK_MEMORY_LIMIT, DTASK_LOCAL_DIR and DTASK_STATS set
// defaults from the environment. --report, --graph and --progress are carried out by the
// diagnostics layer (docs/diagnostics.md), which the runtime tells of them through
// sched::Instrument; DTASK_LOG sets the log level (core/log.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace dtask {

struct RuntimeOptions {
  unsigned threads = 0;          // --threads N: compute threads per worker (0: the usable cores)
  std::uint64_t memory_limit = 0;  // --memory-limit 512MB, 2GiB or 0.25 (of RAM): bytes per worker, 0: none
  std::string local_dir;           // --local-dir DIR: where workers make their spill directories
  std::string report;            // --report FILE.html: the task-stream report, written at exit
  std::string graph;             // --graph FILE.svg: each compute()'s plan (.dot without Graphviz)
  std::string graph_colour;      // --graph-colour priority|state ("": by state after a failure)
  bool progress = true;          // --progress / --no-progress
  std::string stats;             // --stats FILE.json

  // Takes the options above out of argc/argv; throws dtask::ValueError on a malformed value.
  static RuntimeOptions parse(int& argc, char** argv);
};

class Runtime {
 public:
  Runtime(int& argc, char** argv);
  ~Runtime();
  Runtime(const Runtime&) = delete;
  Runtime& operator=(const Runtime&) = delete;

  int rank() const noexcept;
  int size() const noexcept;
  // Worker ranks (0 when everything runs in this process).
  int workers() const noexcept { return size() - 1; }
  const RuntimeOptions& options() const noexcept;

 private:
  void use_threads();

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dtask
