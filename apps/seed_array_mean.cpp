// The seed's dask.array example in C++: x = random((100000, 100000), chunks=(1000, 1000));
// mean(x, axis=1), an 80 GB array that never exists whole: each chunk is drawn and reduced in
// one task, and the row sums of each row of chunks meet in a tree of at most 4 per node.
//
//   ./seed_array_mean --shape 2000,3000 --chunks 300,700          # threads, this process
//   mpirun -np 3 ./seed_array_mean --threads 1                    # rank 0 schedules, 2 workers
//
// Prints the shape, the chunks, the time, rank 0's peak resident memory, and the mean of the
// resulting vector as `result: VALUE` (about 0.5).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>

namespace da = dtask::array;

int run(int argc, char** argv) {
  CLI::App app{"The seed's array mean: mean(random((R, C)), axis=1)"};
  std::vector<std::int64_t> shape{100000, 100000}, chunks{1000, 1000};
  std::uint64_t seed = 0;
  app.add_option("--shape", shape, "R,C")->delimiter(',')->expected(2);
  app.add_option("--chunks", chunks, "r,c")->delimiter(',')->expected(2);
  app.add_option("--seed", seed, "random seed");
  CLI11_PARSE(app, argc, argv);

  const auto start = std::chrono::steady_clock::now();
  const da::Array x = da::random::random(shape, {chunks[0], chunks[1]}, seed);
  const Eigen::VectorXd means = da::mean(x, 1).compute();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << "shape: " << dtask::to_string(x.shape()) << "\n"
            << "chunks: " << dtask::to_string(chunks) << ", " << x.npartitions() << " of them\n"
            << "seconds: " << seconds << "\n"
            << "rank0_peak_rss_mb: " << static_cast<double>(usage.ru_maxrss) / 1024.0 << "\n"
            << "result: " << std::setprecision(15) << means.mean() << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "seed_array_mean: " << e.what() << "\n";
    return 1;
  }
}
