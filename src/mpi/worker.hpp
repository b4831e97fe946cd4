// The worker rank: a communication thread (the caller of run_worker, making every MPI call),
// compute threads running ready tasks by priority, and a data store of results (data_store.hpp:
// spilled to disk under a memory limit). Inputs a task
// lacks are fetched straight from the workers that hold them.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>

namespace dtask::mpi {

struct WorkerOptions {
  unsigned threads = 1;
  std::uint64_t memory_limit = 0;  // bytes; 0: none
  std::string local_dir;           // where the spill directory goes ("": $TMPDIR or /tmp)
};

// Serves tasks from rank 0 until it says shut down.
void run_worker(MPI_Comm comm, const WorkerOptions& options);

}  // namespace dtask::mpi
