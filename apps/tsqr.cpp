// A = Q R of a tall-skinny matrix by direct TSQR (dtask::linalg::tsqr), Q and R written to HDF5.
//
//   ./tsqr --m 40000 --n 500                                 # generated, chunks 20000 x 500
//   mpirun -np 3 --bind-to none ./tsqr --m 400000 --n 500 --chunk 20000,500 --threads 1
//   mpirun -np 3 ./tsqr --input a.h5:/a --q-output q.h5:/q --r-output r.h5:/r --overwrite
//
// A is computed and kept first (persist); the time is that of the factorisation and of writing
// Q and R, both in one computation (array::store), so each step runs once. Without outputs, Q and
// R are computed and their chunks dropped. The residuals ||A - QR|| / ||A|| and ||Q^T Q - I||
// (Frobenius norms) are computed afterwards on the workers, from the files when Q and R were
// written; `result:` is the first. GFLOP/s counts 4 m n^2 - 4/3 n^3, the flops of a Householder
// QR and of forming its Q explicitly (geqrf + orgqr); TSQR itself does about 5 m n^2.
#include <chrono>

#include "linalg_app.hpp"

namespace da = dtask::array;
namespace la = dtask::linalg;

namespace {

// ||x||_F as a 0-d array.
da::Array frobenius(const da::Array& x) { return da::sqrt((x * x).sum()); }

// [||A - QR|| / ||A||, ||Q^T Q - I||], computed on the workers.
Eigen::VectorXd residuals(const da::Array& a, const da::Array& q, const da::Array& r) {
  const std::int64_t n = r.shape()[0];
  const da::Array backward = frobenius(a - q.dot(r)) / frobenius(a);
  const da::Array orthogonality =
      frobenius(q.T().dot(q) - da::eye(n, {n, n}, std::nullopt, 0, q.dtype()));
  return da::stack({backward, orthogonality}).compute().to_vector<double>();
}

int run(int argc, char** argv) {
  CLI::App app{"A = QR of a tall-skinny matrix by direct TSQR"};
  linalg_app::MatrixOptions in;
  in.n = 500;
  in.m = 40000;
  linalg_app::add_matrix_options(app, in);
  std::string q_output, r_output;
  bool overwrite = false;
  app.add_option("--q-output", q_output, "FILE:/DATASET for Q (m x n)");
  app.add_option("--r-output", r_output, "FILE:/DATASET for R (n x n)");
  app.add_flag("--overwrite", overwrite, "replace existing output files");
  CLI11_PARSE(app, argc, argv);
  if (in.chunk.empty()) in.chunk = {20000, in.n};

  const da::Array input = linalg_app::input_matrix(in);
  la::tsqr(input);  // builds the graph only: a matrix tsqr does not take fails before A is computed
  const da::Array a = input.persist();
  std::cout << "A: " << dtask::dtype_name(a.dtype()) << dtask::to_string(a.shape()) << " chunks "
            << da::to_string(a.chunks()) << std::endl;

  const auto start = std::chrono::steady_clock::now();
  const la::QR f = la::tsqr(a);
  std::vector<da::Hdf5Target> targets;
  for (const auto& [target, array] : {std::pair{q_output, f.q}, std::pair{r_output, f.r}}) {
    if (target.empty()) continue;
    const auto [path, dataset] = da::split_hdf5_target(target);
    targets.push_back({path, dataset, array});
  }
  // Without files, Q and R are summed on the workers in one computation: two numbers reach rank 0.
  if (targets.empty()) {
    da::stack({f.q.sum(), f.r.sum()}).compute();
  } else {
    da::store(targets, {.overwrite = overwrite});
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const da::Array q = linalg_app::read_back(q_output, f.q);
  const da::Array r = linalg_app::read_back(r_output, f.r);
  const Eigen::VectorXd res = residuals(a, q, r);
  const double m = static_cast<double>(a.shape()[0]), n = static_cast<double>(a.shape()[1]);
  std::cout << "orthogonality: " << std::scientific << std::setprecision(3) << res[1]
            << std::defaultfloat << "\n";
  linalg_app::print_figures(seconds, 4 * m * n * n - 4.0 / 3.0 * n * n * n, res[0]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return linalg_app::main_of("tsqr", argc, argv, run); }
