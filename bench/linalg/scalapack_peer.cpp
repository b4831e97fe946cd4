// The ScaLAPACK peer of bench/linalg/linalg.sh: one ScaLAPACK routine on a matrix each rank
// generates in its own block-cyclic pieces, timed with MPI_Wtime between barriers, for every
// block size of --nb and every process grid of the ranks (--grid PxQ, or all of them), and
// the best of them printed last as `seconds:`, `gflops:`, `nb:`, `grid:`.
//
//   mpirun -np 2 scalapack_peer --op potrf --n 6000 --nb 256,512
//   mpirun -np 2 scalapack_peer --op qr --m 400000 --n 500 --nb 32,64 --grid 2x1
//
// Operations (flops counted):
//   potrf  Cholesky of an SPD matrix (random symmetric + n I), pdpotrf     n^3 / 3
//   gemm   C = A B, n x n, pdgemm                                          2 n^3
//   getrf  LU with partial pivoting, pdgetrf                               2 n^3 / 3
//   gesv   A x = b (LU, then the two triangular solves), pdgesv            2 n^3 / 3 + 2 n^2
//   qr     Q and R of a tall m x n matrix: pdgeqrf then pdorgqr            4 m n^2 - 4 n^3 / 3
// Element (i, j) of every matrix is a pure function of (i, j, seed), so the matrix does not
// depend on the grid or the block size. Each run regenerates its input (the routines overwrite
// it) outside the timed region. One BLAS thread per rank (set here: the ranks are the threads).
#include <mpi.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
void openblas_set_num_threads(int threads);  // OpenBLAS, under ScaLAPACK's BLAS
void Cblacs_pinfo(int* rank, int* nprocs);
void Cblacs_get(int context, int what, int* value);
void Cblacs_gridinit(int* context, const char* order, int rows, int cols);
void Cblacs_gridinfo(int context, int* rows, int* cols, int* row, int* col);
void Cblacs_gridexit(int context);
int numroc_(const int* n, const int* nb, const int* iproc, const int* isrcproc, const int* nprocs);
void descinit_(int* desc, const int* m, const int* n, const int* mb, const int* nb, const int* irsrc, const int* icsrc,
               const int* context, const int* lld, int* info);
void pdpotrf_(const char* uplo, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* info);
void pdgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k, const double* alpha,
             const double* a, const int* ia, const int* ja, const int* desca, const double* b, const int* ib,
             const int* jb, const int* descb, const double* beta, double* c, const int* ic, const int* jc,
             const int* descc);
void pdgetrf_(const int* m, const int* n, double* a, const int* ia, const int* ja, const int* desca, int* ipiv,
              int* info);
void pdgesv_(const int* n, const int* nrhs, double* a, const int* ia, const int* ja, const int* desca, int* ipiv,
             double* b, const int* ib, const int* jb, const int* descb, int* info);
void pdgeqrf_(const int* m, const int* n, double* a, const int* ia, const int* ja, const int* desca, double* tau,
              double* work, const int* lwork, int* info);
void pdorgqr_(const int* m, const int* n, const int* k, double* a, const int* ia, const int* ja, const int* desca,
              const double* tau, double* work, const int* lwork, int* info);
}

namespace {

const int zero = 0, one = 1;

// Uniform [0, 1) for element (i, j) of matrix `seed` (splitmix64 of the position).
double uniform_at(std::int64_t i, std::int64_t j, std::uint64_t seed) {
  std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(i) * 0xD1B54A32D192ED03ULL +
                    static_cast<std::uint64_t>(j) * 0xABC98388FB8FAC03ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

struct Grid {
  int context = -1, rows = 1, cols = 1, row = 0, col = 0;
};

// This rank's block-cyclic piece of an m x n matrix in nb x nb blocks: column-major, with the
// global index of each local row and column.
struct LocalMatrix {
  int m, n, nb, local_rows, local_cols;
  int desc[9];
  std::vector<double> values;

  LocalMatrix(int m_, int n_, int nb_, const Grid& g) : m(m_), n(n_), nb(nb_) {
    local_rows = numroc_(&m, &nb, &g.row, &zero, &g.rows);
    local_cols = numroc_(&n, &nb, &g.col, &zero, &g.cols);
    const int lld = std::max(1, local_rows);
    int info = 0;
    descinit_(desc, &m, &n, &nb, &nb, &zero, &zero, &g.context, &lld, &info);
    if (info != 0) throw std::runtime_error("descinit failed: " + std::to_string(info));
    values.resize(static_cast<std::size_t>(lld) * static_cast<std::size_t>(std::max(1, local_cols)));
  }

  static std::int64_t global(int local, int nb, int procs, int me) {
    return static_cast<std::int64_t>(local / nb) * procs * nb + static_cast<std::int64_t>(me) * nb + local % nb;
  }

  // value(i, j) for every local element.
  template <class F>
  void fill(const Grid& g, F value) {
    const std::size_t lld = static_cast<std::size_t>(std::max(1, local_rows));
    for (int lj = 0; lj < local_cols; ++lj) {
      const std::int64_t j = global(lj, nb, g.cols, g.col);
      for (int li = 0; li < local_rows; ++li) {
        values[static_cast<std::size_t>(lj) * lld + static_cast<std::size_t>(li)] = value(global(li, nb, g.rows, g.row), j);
      }
    }
  }
};

struct Problem {
  std::string op;
  int m, n;
  double flops() const {
    const double dm = m, dn = n;
    if (op == "potrf") return dn * dn * dn / 3;
    if (op == "gemm") return 2 * dn * dn * dn;
    if (op == "getrf") return 2 * dn * dn * dn / 3;
    if (op == "gesv") return 2 * dn * dn * dn / 3 + 2 * dn * dn;
    return 4 * dm * dn * dn - 4 * dn * dn * dn / 3;  // qr
  }
};

void check(int info, const char* routine) {
  if (info != 0) throw std::runtime_error(std::string(routine) + " failed with info " + std::to_string(info));
}

// Seconds of one run on this grid (the slowest rank's), input made before the clock starts.
double run_once(const Problem& p, int nb, const Grid& g) {
  const int n = p.n;
  LocalMatrix a(p.op == "qr" ? p.m : n, n, nb, g);
  a.fill(g, [&](std::int64_t i, std::int64_t j) {
    if (p.op != "potrf") return uniform_at(i, j, 1);
    return uniform_at(std::min(i, j), std::max(i, j), 1) + (i == j ? n : 0.0);  // symmetric + n I
  });
  std::vector<LocalMatrix> others;  // gemm: B and C; gesv: b
  if (p.op == "gemm") {
    others.emplace_back(n, n, nb, g);
    others.emplace_back(n, n, nb, g);
    others[0].fill(g, [](std::int64_t i, std::int64_t j) { return uniform_at(i, j, 2); });
  } else if (p.op == "gesv") {
    others.emplace_back(n, 1, nb, g);
    others[0].fill(g, [](std::int64_t i, std::int64_t j) { return uniform_at(i, j, 3); });
  }
  std::vector<int> pivots(static_cast<std::size_t>(a.local_rows + nb));
  std::vector<double> tau(static_cast<std::size_t>(a.local_cols + nb)), work;
  int info = 0, lwork = -1;
  if (p.op == "qr") {  // workspace queries of both routines, outside the clock
    double size = 0, size_q = 0;
    pdgeqrf_(&a.m, &n, a.values.data(), &one, &one, a.desc, tau.data(), &size, &lwork, &info);
    pdorgqr_(&a.m, &n, &n, a.values.data(), &one, &one, a.desc, tau.data(), &size_q, &lwork, &info);
    work.resize(static_cast<std::size_t>(std::max(size, size_q)) + 1);
    lwork = static_cast<int>(work.size());
  }

  MPI_Barrier(MPI_COMM_WORLD);
  const double start = MPI_Wtime();
  if (p.op == "potrf") {
    pdpotrf_("L", &n, a.values.data(), &one, &one, a.desc, &info);
    check(info, "pdpotrf");
  } else if (p.op == "gemm") {
    const double alpha = 1, beta = 0;
    pdgemm_("N", "N", &n, &n, &n, &alpha, a.values.data(), &one, &one, a.desc, others[0].values.data(), &one, &one,
            others[0].desc, &beta, others[1].values.data(), &one, &one, others[1].desc);
  } else if (p.op == "getrf") {
    pdgetrf_(&n, &n, a.values.data(), &one, &one, a.desc, pivots.data(), &info);
    check(info, "pdgetrf");
  } else if (p.op == "gesv") {
    pdgesv_(&n, &one, a.values.data(), &one, &one, a.desc, pivots.data(), others[0].values.data(), &one, &one,
            others[0].desc, &info);
    check(info, "pdgesv");
  } else {
    pdgeqrf_(&a.m, &n, a.values.data(), &one, &one, a.desc, tau.data(), work.data(), &lwork, &info);
    check(info, "pdgeqrf");
    pdorgqr_(&a.m, &n, &n, a.values.data(), &one, &one, a.desc, tau.data(), work.data(), &lwork, &info);
    check(info, "pdorgqr");
  }
  double seconds = MPI_Wtime() - start;
  MPI_Allreduce(MPI_IN_PLACE, &seconds, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return seconds;
}

// The process grids of `ranks` ranks: P x Q for every divisor P (or the one asked for).
std::vector<std::pair<int, int>> grids_of(int ranks, const std::string& wanted) {
  std::vector<std::pair<int, int>> grids;
  for (int p = 1; p <= ranks; ++p) {
    if (ranks % p != 0) continue;
    if (wanted.empty() || wanted == std::to_string(p) + "x" + std::to_string(ranks / p)) grids.emplace_back(p, ranks / p);
  }
  if (grids.empty()) throw std::runtime_error("no process grid " + wanted + " for " + std::to_string(ranks) + " ranks");
  return grids;
}

}  // namespace

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  openblas_set_num_threads(1);
  CLI::App app{"ScaLAPACK peer of the dtask linalg bench"};
  Problem problem{"potrf", 0, 6000};
  std::vector<int> nbs{256, 512};
  std::string grid;
  int runs = 1;
  app.add_option("--op", problem.op, "potrf, gemm, getrf, gesv or qr")
      ->check(CLI::IsMember({"potrf", "gemm", "getrf", "gesv", "qr"}))
      ->required();
  app.add_option("--m", problem.m, "rows (qr; default: N)");
  app.add_option("--n", problem.n, "order, or columns (qr)")->check(CLI::PositiveNumber);
  app.add_option("--nb", nbs, "block sizes to try")->delimiter(',');
  app.add_option("--grid", grid, "process grid PxQ (default: every one)");
  app.add_option("--runs", runs, "runs of each setting (the fastest counts)")->check(CLI::PositiveNumber);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    MPI_Finalize();
    return code;
  }
  if (problem.m == 0) problem.m = problem.n;

  int rank = 0, ranks = 1;
  Cblacs_pinfo(&rank, &ranks);
  double best = 1e300;
  std::string best_setting;
  int best_nb = 0;
  try {
    for (const auto& [rows, cols] : grids_of(ranks, grid)) {
      Grid g;
      Cblacs_get(-1, 0, &g.context);
      Cblacs_gridinit(&g.context, "Row", rows, cols);
      Cblacs_gridinfo(g.context, &g.rows, &g.cols, &g.row, &g.col);
      for (int nb : nbs) {
        double fastest = 1e300;
        for (int r = 0; r < runs; ++r) fastest = std::min(fastest, run_once(problem, nb, g));
        const std::string setting = std::to_string(rows) + "x" + std::to_string(cols);
        if (rank == 0) {
          std::printf("run: grid %s nb %d seconds %.4f gflops %.2f\n", setting.c_str(), nb, fastest,
                      problem.flops() / fastest * 1e-9);
        }
        if (fastest < best) best = fastest, best_setting = setting, best_nb = nb;
      }
      Cblacs_gridexit(g.context);
    }
  } catch (const std::exception& e) {
    std::cerr << "scalapack_peer: " << e.what() << "\n";
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  if (rank == 0) {
    std::printf("seconds: %.4f\ngflops: %.2f\nnb: %d\ngrid: %s\n", best, problem.flops() / best * 1e-9, best_nb,
                best_setting.c_str());
  }
  MPI_Finalize();
  return 0;
}
