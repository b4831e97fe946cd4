// One BLAS thread per compute thread. OpenBLAS (the pthread build here) keeps one process-wide
// thread count, by default every core; product tasks already run one per compute thread, so a
// multi-threaded GEMM inside each would oversubscribe the cores. While at least one product
// task runs in the process, OpenBLAS runs every call on its caller's thread; when none runs,
// the count the user set (OPENBLAS_NUM_THREADS, openblas_set_num_threads, or the default)
// comes back, so a user's own BLAS calls on rank 0 between computations keep their threads
// (a worker rank keeps one thread for good).
#pragma once

namespace dtask::array::detail {

class SingleThreadedBlas {
 public:
  SingleThreadedBlas();
  ~SingleThreadedBlas();
  SingleThreadedBlas(const SingleThreadedBlas&) = delete;
  SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;
};

}  // namespace dtask::array::detail
