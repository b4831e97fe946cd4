// An 8 MB array persisted, summed twice, then dropped: for the test that persisted chunks stay
// on the workers (only the sums reach rank 0) and are freed with the array
// (tests/mpi/check_persist.sh).
#include <dtask/dtask.hpp>
#include <iostream>

namespace da = dtask::array;

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  const da::Array x = da::random::random({1000, 1000}, {250, 250}, 7);  // 8 MB of float64
  const double want = x.sum().compute().data<double>()[0];
  bool same = true;
  {
    const da::Array p = x.persist();
    for (int round = 0; round < 2; ++round) same = same && p.sum().compute().data<double>()[0] == want;
  }
  // Dropped: the workers free its chunks now, not at shutdown; x computes afresh.
  same = same && x.sum().compute().data<double>()[0] == want;
  std::cout << "result: " << (same ? "same" : "different") << std::endl;
}
