// Computations for the memory-limit tests (tests/mpi/check_spill.py):
//   --mode center --n N --chunk C   ((x - x.mean(0))^2).sum() of random((N, N)): every chunk of x
//                                   is held until the column means are known, so a limit below
//                                   the array's size must spill chunks and read them back
//   --mode large --mb M             one task returns M MB (more than a small limit)
#include <CLI/CLI.hpp>
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>

namespace da = dtask::array;

std::vector<double> filled(long n) { return std::vector<double>(static_cast<std::size_t>(n), 1.0); }
DTASK_FUNCTIONS(filled);

int run(int argc, char** argv) {
  CLI::App app{"memory-limit test computations"};
  std::string mode;
  std::int64_t n = 2000, chunk = 250;
  long mb = 64;
  app.add_option("--mode", mode)->required()->check(CLI::IsMember({"center", "large"}));
  app.add_option("--n", n);
  app.add_option("--chunk", chunk);
  app.add_option("--mb", mb);
  CLI11_PARSE(app, argc, argv);
  if (mode == "large") {
    std::cout << "result: " << dtask::delayed(filled)(mb * 125'000).compute().size() << std::endl;
    return 0;
  }
  const da::Array x = da::random::random({n, n}, {chunk, chunk}, 7);
  const double result = da::sum(da::square(x - da::mean(x, 0))).compute().item<double>();
  std::cout << "result: " << std::setprecision(17) << result << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "memory_app: " << e.what() << "\n";
    return 1;
  }
}
