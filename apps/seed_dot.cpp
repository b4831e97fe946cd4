// The seed's dask.array product in C++: x = ones((15, 15), chunks=(5, 5)); x.dot(x.T + 1).
//
//   ./seed_dot                                # result: 6750 (2 N^3 for ones)
//   ./seed_dot --n 17 --chunk 5               # ragged chunks: result 9826
//   mpirun -np 3 ./seed_dot --n 6000 --chunk 1000 --seed 1 --threads 1   # random x, 2 workers
//   ./seed_dot --n 6000 --chunk 1000 --seed 1 --gram                      # x.T @ x instead
//
// The product and its sum are computed on the workers; only the sum comes back to rank 0.
// GFLOP/s counts 2 N^3 for x.dot(x.T + 1) and N^3 for x.T @ x (symmetric work).
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>
#include <optional>

namespace da = dtask::array;

int run(int argc, char** argv) {
  CLI::App app{"The seed's array product: x.dot(x.T + 1)"};
  std::int64_t n = 15, chunk = 5;
  std::optional<std::uint64_t> seed;
  bool gram = false;
  app.add_option("--n", n, "x is N x N")->check(CLI::NonNegativeNumber);
  app.add_option("--chunk", chunk, "chunks of C x C")->check(CLI::PositiveNumber);
  app.add_option("--seed", seed, "x uniform random with this seed instead of ones");
  app.add_flag("--gram", gram, "compute x.T @ x instead");
  CLI11_PARSE(app, argc, argv);

  const da::Array x = seed ? da::random::random({n, n}, chunk, *seed) : da::ones({n, n}, chunk);
  const da::Array product = gram ? x.T().dot(x) : x.dot(x.T() + 1);

  const auto start = std::chrono::steady_clock::now();
  const double total = product.sum().compute().item<double>();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double flops = (gram ? 1.0 : 2.0) * static_cast<double>(n) * static_cast<double>(n) * static_cast<double>(n);

  std::cout << "seconds: " << seconds << "\n"
            << "gflops: " << flops / seconds * 1e-9 << "\n"
            << "result: " << std::setprecision(15) << total << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "seed_dot: " << e.what() << "\n";
    return 1;
  }
}
