// The worker rank: a communication thread (the caller of run_worker, making every MPI call),
// compute threads running ready tasks by priority, and a data store of results. Inputs a task
// lacks are fetched straight from the workers that hold them.
#pragma once

#include <mpi.h>

namespace dtask::mpi {

// Serves tasks from rank 0 until it says shut down.
void run_worker(MPI_Comm comm, unsigned threads);

}  // namespace dtask::mpi
