// A x = b by LU with partial pivoting, as dask.array.linalg.lu and solve: A read from HDF5 or
// random uniform, b read from HDF5 or random, x written to HDF5.
//
//   ./lu_solve --n 6000                                      # one process, every core
//   mpirun -np 3 ./lu_solve --n 6000 --threads 1              # two workers of one thread
//   ./lu_solve --input a.h5:/A --rhs b.h5:/b --output x.h5:/x --overwrite
//
// A and b are computed (read or generated) and kept before the clock starts. Then lu(A) alone
// is timed (lu_seconds; its factors are reduced on the workers, so only three sums come back),
// then solve(A, b) with writing x (seconds, GFLOP/s of 2/3 n^3 + 2 n^2). The residual
// ||A x - b|| / (||A|| ||x||) (Frobenius norms) is computed on the workers afterwards.
#include <chrono>
#include <dtask/array/concatenate.hpp>

#include "linalg_app.hpp"

namespace da = dtask::array;
namespace la = dtask::linalg;

namespace {

// The fastest for n = 6000 on two cores (two workers of one thread, or one process of two).
constexpr std::int64_t default_chunk = 500;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

da::Array sum_of_squares(const da::Array& x) { return da::square(x).sum().reshape({1}); }

int run(int argc, char** argv) {
  CLI::App app{"A x = b by LU with partial pivoting"};
  linalg_app::MatrixOptions in;
  linalg_app::add_matrix_options(app, in);
  std::string rhs, output;
  bool overwrite = false;
  app.add_option("--rhs", rhs,
                 "FILE:/DATASET to read b from, a vector or a matrix (default: a random vector)");
  app.add_option("--output", output, "FILE:/DATASET to write x to");
  app.add_flag("--overwrite", overwrite, "replace the output dataset if it exists");
  CLI11_PARSE(app, argc, argv);
  if (in.chunk.empty()) in.chunk = {default_chunk};  // square blocks, also for a file's matrix

  const da::Array a = linalg_app::input_matrix(in, default_chunk).persist();
  const std::int64_t n = a.shape()[0];
  const auto row_chunks = da::ChunkSpec(da::Chunks{a.chunks()[0]});
  const auto [rhs_path, rhs_dataset] =
      rhs.empty() ? std::pair<std::string, std::string>() : da::split_hdf5_target(rhs);
  const da::Array b = (rhs.empty() ? da::random::random({n}, row_chunks, in.seed + 1)
                                   : da::from_hdf5(rhs_path, rhs_dataset))
                          .persist();

  auto start = std::chrono::steady_clock::now();
  const la::LU f = la::lu(a);
  da::concatenate({f.p.sum().reshape({1}), f.l.sum().reshape({1}), f.u.sum().reshape({1})}, 0)
      .compute();
  const double lu_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  const da::Array x = la::solve(a, b).persist();
  linalg_app::write_output(output, x, overwrite);
  const double seconds = seconds_since(start);

  const Eigen::Vector3d squares =
      da::concatenate({sum_of_squares(a.dot(x) - b), sum_of_squares(a), sum_of_squares(x)}, 0)
          .compute();
  const double residual = std::sqrt(squares[0]) / (std::sqrt(squares[1]) * std::sqrt(squares[2]));
  const double nd = static_cast<double>(n);
  std::cout << "n: " << n << "\nchunk: " << a.chunks()[0][0] << "\nlu_seconds: " << lu_seconds
            << "\n";
  linalg_app::print_figures(seconds, 2.0 / 3.0 * nd * nd * nd + 2.0 * nd * nd, residual);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return linalg_app::main_of("lu_solve", argc, argv, run); }
