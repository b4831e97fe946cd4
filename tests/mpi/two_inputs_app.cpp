// Two 8 MB inputs made on different workers, read by one task: for the test that chunk data
// moves worker to worker and only the small result reaches rank 0 (tests/mpi/check_transfer.sh).
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>
#include <numeric>

std::vector<double> filled(long n, double value) { return std::vector<double>(static_cast<std::size_t>(n), value); }
double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}
DTASK_FUNCTIONS(filled, dot);

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  const long n = 1 << 20;  // 8 MiB of doubles each
  auto a = dtask::delayed(filled)(n, 2.0);
  auto b = dtask::delayed(filled)(n, 3.0);
  std::cout << std::fixed << std::setprecision(0) << "result: " << dtask::delayed(dot)(a, b).compute() << std::endl;  // 6 n
}
