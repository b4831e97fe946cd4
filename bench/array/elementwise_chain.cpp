// An elementwise chain then a sum, as in issue 4: (sin(x)^2 + cos(x)^2).sum() over a random
// N x N array. The chain is fused into the random chunks' tasks; each block's sum is taken by a
// map_blocks function and the block sums are added on rank 0 (so that the figure does not depend
// on the reductions). Prints seconds, the bytes of x per second and `result: VALUE` (N^2).
//
//   mpirun -np 3 --oversubscribe --bind-to none build/bench/array/elementwise_chain --n 20000 --threads 1
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iostream>

namespace da = dtask::array;

dtask::Chunk block_sum(const dtask::Chunk& block) {
  dtask::Chunk out(dtask::DType::float64, dtask::Shape(block.ndim(), 1));
  *out.data<double>() = block.flat<double>().sum();
  return out;
}
DTASK_FUNCTIONS(block_sum);

int run(int argc, char** argv) {
  CLI::App app{"(sin(x)^2 + cos(x)^2).sum() over a random N x N array"};
  std::int64_t n = 20000, chunk = 1000;
  app.add_option("--n", n, "rows and columns")->check(CLI::PositiveNumber);
  app.add_option("--chunk", chunk, "chunk rows and columns")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  const da::Array x = da::random::random({n, n}, {chunk, chunk}, /*seed=*/0);
  const da::Array y = da::square(da::sin(x)) + da::square(da::cos(x));
  const std::int64_t blocks = (n + chunk - 1) / chunk;
  const da::Array sums = da::map_blocks(block_sum, {y}, {.dtype = dtask::DType::float64,
                                                         .chunks = da::Chunks(2, std::vector<std::int64_t>(blocks, 1))});
  const double result = sums.compute().flat<double>().sum();
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
