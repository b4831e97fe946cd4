// A = L L^T for a symmetric positive definite A, blocked on the workers, out of core under
// --memory-limit: A is read from HDF5 or generated as M^T M + n I (M uniform random n x n), L
// is written to HDF5 by the workers; the residual ||A - L L^T||_F / ||A||_F is computed on the
// workers too, and only scalars reach rank 0.
//
//   ./cholesky --n 6000 --threads 2                                   # chunks of 750
//   mpirun -np 3 --bind-to none ./cholesky --n 6000 --threads 1 --output l.h5:/L
//   mpirun -np 3 ./cholesky --input spd.h5:/A --chunk 1000 --output l.h5:/L --overwrite
//
// The time and GFLOP/s (n^3 / 3 flops) are those of the factorisation and writing L, with A
// already persisted.
#include <chrono>

#include "linalg_app.hpp"

namespace da = dtask::array;
using namespace linalg_app;

namespace {

// For n = 6000 on 2 cores (2 workers x 1 thread, or 2 threads), 500, 750 and 1000 came within
// the noise of each other (80 GFLOP/s across ranks, 100 on threads); 750 was the steadiest.
constexpr std::int64_t default_chunk = 750;

da::Array spd_input(const MatrixOptions& o) {
  if (!o.input.empty()) return input_matrix(o, default_chunk);
  const da::Array m = input_matrix(o, default_chunk);
  const da::ChunkSpec chunks = chunk_spec(o, default_chunk);
  return m.T().dot(m) + static_cast<double>(o.n) * da::eye(o.n, chunks);
}

// sum(x * x) on the workers, as one number.
double sum_of_squares(const da::Array& x) { return (x * x).sum().compute().item<double>(); }

// ||a - l l^T||_F / ||a||_F on the workers; l.dot(l.T()) is recognised as a Gram matrix (half
// the flops of a general product).
double residual_of(const da::Array& a, const da::Array& l) {
  return std::sqrt(sum_of_squares(a - l.dot(l.T())) / sum_of_squares(a));
}

int run(int argc, char** argv) {
  CLI::App app{"Cholesky factorisation A = L L^T of a symmetric positive definite matrix"};
  MatrixOptions in;
  add_matrix_options(app, in);
  std::string output;
  bool overwrite = false;
  app.add_option("--output", output, "FILE:/DATASET to write L to (default: L is not kept)");
  app.add_flag("--overwrite", overwrite, "replace an existing output file");
  CLI11_PARSE(app, argc, argv);

  const da::Array a = spd_input(in).persist();
  const auto start = std::chrono::steady_clock::now();
  const da::Array l = dtask::linalg::cholesky(a, /*lower=*/true);
  // L streams to the file; without an output, a sum of its blocks (one number to rank 0) makes
  // the workers compute every block.
  if (output.empty()) {
    l.sum().compute();
  } else {
    write_output(output, l, overwrite);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The residual reads L back from the file, or factors A again.
  const double residual = residual_of(a, linalg_app::read_back(output, l));
  const double n = static_cast<double>(a.shape()[0]);
  std::cout << "A: " << dtask::dtype_name(a.dtype()) << dtask::to_string(a.shape()) << " chunks "
            << da::to_string(a.chunks()) << "\n";
  print_figures(seconds, n * n * n / 3, residual);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return main_of("cholesky", argc, argv, run); }
