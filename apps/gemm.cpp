// C = A B for A (m x k) and B (k x n): dtask's blocked product (da::dot), as a dask.array
// `a @ b`, read from HDF5 or generated, written to HDF5.
//
//   ./gemm --n 2000 --chunk 500                          # A, B uniform random 2000 x 2000
//   ./gemm --m 8000 --k 1000 --n 2000 --chunk 1000       # A 8000 x 1000, B 1000 x 2000
//   mpirun -np 3 ./gemm --n 6000 --chunk 1000 --threads 1 --output c.h5:/c
//   mpirun -np 3 ./gemm --input a.h5:/a --input-b b.h5:/b --output c.h5:/c --threads 1
//
// Generated, A is m x k in chunks of R x C (--chunk R[,C]) with --seed, and B is k x n in
// chunks of C x R with seed + 1, so that B's rows are cut as A's columns. Both are persisted
// before the clock starts; the time is that of the product and of writing C (--output), or,
// without --output, of the product reduced to C x on the workers. GFLOP/s count 2 m n k.
//
// Residual: ||C x - A (B x)|| / (||A||_F ||B||_F) for x of independent entries of mean 0 and
// variance 1 (E ||E x||^2 = ||E||_F^2, so it estimates ||C - A B||_F / (||A||_F ||B||_F) with
// matrix-vector products only); C is read back from the output file when there is one. Only
// scalars and one vector reach rank 0.
#include <chrono>
#include <cmath>

#include "linalg_app.hpp"

namespace da = dtask::array;
namespace la = dtask::linalg;
using linalg_app::MatrixOptions;

namespace {

// The right-hand vector of the residual: uniform on [-sqrt(3), sqrt(3)), cut as C's columns.
da::Array probe_vector(const da::Array& c, std::uint64_t seed) {
  return da::random::uniform(-std::sqrt(3.0), std::sqrt(3.0), {c.shape()[1]}, da::Chunks{c.chunks()[1]}, seed);
}

// C x, with C made on the workers: written to `output` and read back from it, or, without an
// output, multiplied by x as it is made (only C x reaches rank 0).
da::Array product_times_probe(const da::Array& c, const da::Array& x, const std::string& output, bool overwrite) {
  if (output.empty()) return da::from_chunk(da::dot(c, x).compute(), da::Chunks{c.chunks()[0]});
  linalg_app::write_output(output, c, overwrite);
  return linalg_app::read_back(output, c).dot(x);
}

int run(int argc, char** argv) {
  CLI::App app{"C = A B with dtask's blocked product"};
  MatrixOptions a_options;
  std::optional<std::int64_t> k;
  std::string input_b, output;
  bool overwrite = false;
  linalg_app::add_matrix_options(app, a_options);
  app.add_option("--k", k, "columns of A and rows of B when generated (default: N)")->check(CLI::PositiveNumber);
  app.add_option("--input-b", input_b, "FILE:/DATASET to read B from (with --input)");
  app.add_option("--output", output, "FILE:/DATASET to write C to");
  app.add_flag("--overwrite", overwrite, "replace an existing output dataset");
  CLI11_PARSE(app, argc, argv);
  if (a_options.input.empty() != input_b.empty()) {
    DTASK_THROW(ValueError, "--input and --input-b go together: give both matrices, or neither");
  }

  // A: m x k in R x C; B: k x n in C x R.
  MatrixOptions b_options = a_options;
  a_options.m = a_options.m.value_or(a_options.n);
  a_options.n = k.value_or(a_options.n);
  b_options.input = input_b;
  b_options.m = a_options.n;
  b_options.seed = a_options.seed + 1;
  if (a_options.chunk.size() == 2) b_options.chunk = {a_options.chunk[1], a_options.chunk[0]};

  const da::Array a = linalg_app::input_matrix(a_options).persist();
  const da::Array b = linalg_app::input_matrix(b_options).persist();
  const da::Array c = da::dot(a, b);
  const da::Array x = probe_vector(c, a_options.seed + 2);

  const auto start = std::chrono::steady_clock::now();
  const da::Array cx = product_times_probe(c, x, output, overwrite);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const da::Array error = la::norm(cx - da::dot(a, da::dot(b, x)));
  const double residual = (error / (la::norm(a) * la::norm(b))).compute().item<double>();
  std::cout << "shapes: A " << dtask::to_string(a.shape()) << " in " << da::to_string(a.chunks()) << ", B "
            << dtask::to_string(b.shape()) << " in " << da::to_string(b.chunks()) << "\n";
  const double flops = 2.0 * static_cast<double>(c.shape()[0]) * static_cast<double>(c.shape()[1]) *
                       static_cast<double>(a.shape()[1]);
  linalg_app::print_figures(seconds, flops, residual);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return linalg_app::main_of("gemm", argc, argv, run); }
