// Linear algebra under mpiexec: rank 0 runs the tests against the default scheduler (the
// workers of the other ranks, or threads at np 1); the other ranks serve as workers inside
// dtask::Runtime's constructor and never reach the tests. Test cases live in mpi_*.cpp.
#include <gtest/gtest.h>

#include <dtask/mpi/runtime.hpp>

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);  // worker ranks stay in here until rank 0 is done
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
