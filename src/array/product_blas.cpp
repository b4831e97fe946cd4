#include "product_blas.hpp"

#include <cblas.h>

#include <mutex>

#include <dtask/core/process_role.hpp>

namespace dtask::array::detail {

namespace {

std::mutex mutex;
int running = 0;       // product tasks running in this process
int user_threads = 1;  // OpenBLAS's thread count before the first of them started

}  // namespace

SingleThreadedBlas::SingleThreadedBlas() {
  const std::lock_guard lock(mutex);
  if (running++ > 0) return;
  user_threads = openblas_get_num_threads();
  if (user_threads != 1) openblas_set_num_threads(1);
}

SingleThreadedBlas::~SingleThreadedBlas() {
  const std::lock_guard lock(mutex);
  // A worker rank runs only tasks: it keeps one BLAS thread rather than waking OpenBLAS's
  // thread pool between two products (its idle threads spin on sched_yield for a while).
  if (--running == 0 && user_threads != 1 && process_role() != ProcessRole::worker)
    openblas_set_num_threads(user_threads);
}

}  // namespace dtask::array::detail
