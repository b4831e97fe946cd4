// The top k singular values of a tall matrix, exactly (TSQR and the SVD of R: linalg::svd) or
// randomised (linalg::svd_compressed, with power iterations).
//
//   ./svd --m 40000 --n 500 --k 10                                    # values only, exact
//   mpirun -np 3 --bind-to none ./svd --m 400000 --n 500 --chunk 20000,500 --k 500 --vectors
//   --threads 1
//   ./svd --m 400000 --n 500 --k 20 --method randomised --power-iterations 2 --output s.h5:/s
//
// A is computed and kept first (persist); the time is that of the decomposition and of writing
// the outputs. By default only the values are computed: for the exact method that is TSQR's
// up-sweep and R's SVD, U is never formed. --vectors computes U and V too, as Dask's svd does
// (what bench/linalg compares); --u-output and --v-output write them. The residual, computed
// afterwards on the workers (from the files when they were written), is
// ||A V_k^T - U_k diag(S_k)||_F / ||S_k||: zero for exact singular triplets. GFLOP/s counts
// 2 m n^2 - 2/3 n^3 for exact values (a Householder QR), 6 m n^2 - 4/3 n^3 with vectors (QR,
// Q, U = Q U_R), and the products and QRs of the randomised method.
#include <chrono>

#include "linalg_app.hpp"

namespace da = dtask::array;
namespace la = dtask::linalg;
using da::Slice;

namespace {

struct Options {
  std::int64_t k = 10;
  std::string method = "exact";
  la::SvdCompressedOptions randomised{.n_power_iter = 0, .n_oversamples = 10, .seed = 0};
  bool vectors = false;
  std::string s_output, u_output, v_output;
  bool overwrite = false;
};

// The top k triplets by the chosen method.
la::SVD top_k(const da::Array& a, const Options& o) {
  if (o.method == "randomised") return la::svd_compressed(a, o.k, o.randomised);
  const std::int64_t n = std::min(a.shape()[0], a.shape()[1]);
  if (o.k < 1 || o.k > n) {
    throw dtask::LinAlgError(
        "--k " + std::to_string(o.k) + " is not in 1..min(m, n) = " + std::to_string(n), __FILE__,
        __LINE__);
  }
  const la::SVD f = la::svd(a);
  return la::SVD{f.u[{Slice{}, Slice{0, o.k}}], f.s[{Slice{0, o.k}}],
                 f.v[{Slice{0, o.k}, Slice{}}]};
}

double flops(const da::Array& a, const Options& o) {
  const double m = static_cast<double>(a.shape()[0]), n = static_cast<double>(a.shape()[1]);
  if (o.method == "exact")
    return o.vectors ? 6 * m * n * n - 4.0 / 3.0 * n * n * n
                     : 2 * m * n * n - 2.0 / 3.0 * n * n * n;
  const double l = static_cast<double>(
      std::min<std::int64_t>(std::max<std::int64_t>(20, o.k + o.randomised.n_oversamples),
                             std::min(a.shape()[0], a.shape()[1])));
  const double q = o.randomised.n_power_iter;
  // A Omega and Q^T A, 2 products per power iteration; a TSQR of Y (m x l) per iteration and
  // one more; the SVD of B^T (n x l); U = Q U_B.
  return (4 + 4 * q) * m * n * l + (q + 1) * 5 * m * l * l + 6 * n * l * l +
         (o.vectors ? 2 * m * l * o.k : 0);
}

// Computes what the options ask for, in one computation.
void compute(const la::SVD& f, const Options& o) {
  std::vector<da::Hdf5Target> targets;
  for (const auto& [target, array] :
       {std::pair{o.s_output, f.s}, std::pair{o.u_output, f.u}, std::pair{o.v_output, f.v}}) {
    if (target.empty()) continue;
    const auto [path, dataset] = da::split_hdf5_target(target);
    targets.push_back({path, dataset, array});
  }
  if (!targets.empty()) {
    da::store(targets, {.overwrite = o.overwrite});
  } else if (o.vectors) {
    da::concatenate({f.s, da::stack({f.u.sum(), f.v.sum()})})
        .compute();  // U and V summed on the workers
  } else {
    f.s.compute();
  }
}

int run(int argc, char** argv) {
  CLI::App app{"The top k singular values of a tall matrix"};
  linalg_app::MatrixOptions in;
  in.n = 500;
  in.m = 40000;
  linalg_app::add_matrix_options(app, in);
  Options o;
  app.add_option("--k", o.k, "singular values wanted")->capture_default_str();
  app.add_option("--method", o.method, "exact (TSQR) or randomised (svd_compressed)")
      ->check(CLI::IsMember({"exact", "randomised"}))
      ->capture_default_str();
  app.add_option("--power-iterations", o.randomised.n_power_iter, "randomised: power iterations")
      ->capture_default_str();
  app.add_option("--oversamples", o.randomised.n_oversamples, "randomised: extra columns")
      ->capture_default_str();
  app.add_option("--sketch-seed", o.randomised.seed, "randomised: seed of the test matrix")
      ->capture_default_str();
  app.add_flag("--vectors", o.vectors, "compute U and V too (as Dask's svd)");
  app.add_option("--output", o.s_output, "FILE:/DATASET for the k singular values");
  app.add_option("--u-output", o.u_output, "FILE:/DATASET for U (m x k); implies --vectors");
  app.add_option("--v-output", o.v_output, "FILE:/DATASET for V (k x n); implies --vectors");
  app.add_flag("--overwrite", o.overwrite, "replace existing output files");
  CLI11_PARSE(app, argc, argv);
  if (in.chunk.empty()) in.chunk = {20000, in.n};
  o.vectors = o.vectors || !o.u_output.empty() || !o.v_output.empty();

  const da::Array input = linalg_app::input_matrix(in);
  top_k(input, o);  // builds the graph only: bad input fails before A is computed
  const da::Array a = input.persist();
  std::cout << "A: " << dtask::dtype_name(a.dtype()) << dtask::to_string(a.shape()) << " chunks "
            << da::to_string(a.chunks()) << "\nmethod: " << o.method
            << (o.vectors ? ", with vectors" : ", values only") << std::endl;

  const auto start = std::chrono::steady_clock::now();
  const la::SVD f = top_k(a, o);
  compute(f, o);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The values and the residual of the triplets in one more computation (U and V are formed
  // again when they were not written).
  const da::Array u = linalg_app::read_back(o.u_output, f.u), s = linalg_app::read_back(o.s_output, f.s),
                  v = linalg_app::read_back(o.v_output, f.v);
  const da::Array difference = a.dot(v.T()) - u * s;
  const da::Array residual = da::sqrt((difference * difference).sum()) / da::sqrt((s * s).sum());
  const Eigen::VectorXd both =
      da::concatenate({s, da::stack({residual})}).compute().to_vector<double>();
  std::cout << "singular values:";
  for (std::int64_t i = 0; i < std::min<std::int64_t>(o.k, 10); ++i) std::cout << " " << both[i];
  std::cout << (o.k > 10 ? " ..." : "") << "\n";
  linalg_app::print_figures(seconds, flops(a, o), both[o.k]);
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return linalg_app::main_of("svd", argc, argv, run); }
