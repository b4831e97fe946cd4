// An elementwise chain then a sum, as in issue 4: (sin(x)^2 + cos(x)^2).sum() over a random
// N x N array. The chain is fused into the random chunks' tasks together with the per-chunk step
// of the sum, whose partial sums meet in a tree of at most 4 per node. Prints seconds, the bytes
// of x per second and `result: VALUE` (N^2).
//
//   mpirun -np 3 --oversubscribe --bind-to none build/bench/array/elementwise_chain --n 20000 --threads 1
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iostream>

namespace da = dtask::array;

int run(int argc, char** argv) {
  CLI::App app{"(sin(x)^2 + cos(x)^2).sum() over a random N x N array"};
  std::int64_t n = 20000, chunk = 1000;
  app.add_option("--n", n, "rows and columns")->check(CLI::PositiveNumber);
  app.add_option("--chunk", chunk, "chunk rows and columns")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  const da::Array x = da::random::random({n, n}, {chunk, chunk}, /*seed=*/0);
  const da::Array y = da::square(da::sin(x)) + da::square(da::cos(x));
  const double result = y.sum().compute().item<double>();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "seconds: " << seconds << "\n"
            << "bytes_per_second: " << static_cast<double>(x.nbytes()) / seconds << "\n"
            << "result: " << result << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "elementwise_chain: " << e.what() << "\n";
    return 1;
  }
}
