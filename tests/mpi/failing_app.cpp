// A program that fails on purpose, for the tests of how a job ends (tests/mpi/expect_failure.sh):
//   --mode terminate   a task calls std::terminate on a worker
//   --mode kill        a task kills its worker with SIGKILL
//   --mode throw       rank 0's main throws an exception nobody catches
#include <csignal>
#include <cstring>
#include <dtask/dtask.hpp>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>

long fail_terminate(long) { std::terminate(); }
long fail_kill(long x) {
  std::raise(SIGKILL);
  return x;
}
long fail_inc(long x) { return x + 1; }
DTASK_FUNCTIONS(fail_terminate, fail_kill, fail_inc);

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  std::string mode = argc > 2 && std::strcmp(argv[1], "--mode") == 0 ? argv[2] : "";
  if (mode == "terminate") std::cout << dtask::delayed(fail_terminate)(1).compute() << std::endl;
  if (mode == "kill") std::cout << dtask::delayed(fail_kill)(1).compute() << std::endl;
  if (mode == "throw") {
    std::cout << "result: " << dtask::delayed(fail_inc)(1).compute() << std::endl;
    throw std::runtime_error("main gave up");
  }
  std::cerr << "usage: failing_app --mode terminate|kill|throw" << std::endl;
  return 2;
}
