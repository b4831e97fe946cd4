// The OpenBLAS peer of bench/array/dot.sh: C = X (X^T + 1) as one DGEMM, and X^T X as one DSYRK,
// on OpenBLAS's own threads (--threads, default 2), X uniform random N x N. Prints the median
// time of --runs calls of each and its GFLOP/s (2 N^3 for the GEMM, N^3 for the SYRK).
#include <cblas.h>

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <vector>

namespace {

double median_seconds(int runs, const std::function<void()>& f) {
  std::vector<double> times;
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    f();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"OpenBLAS DGEMM and DSYRK peer of the dtask product bench"};
  int n = 6000, threads = 2, runs = 3;
  app.add_option("--n", n)->check(CLI::PositiveNumber);
  app.add_option("--threads", threads)->check(CLI::PositiveNumber);
  app.add_option("--runs", runs)->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);
  openblas_set_num_threads(threads);

  const Eigen::MatrixXd x = (Eigen::MatrixXd::Random(n, n).array() + 1) / 2;
  const Eigen::MatrixXd y = x.transpose().array() + 1;
  Eigen::MatrixXd c(n, n);
  const double cube = static_cast<double>(n) * n * n;
  const double gemm = median_seconds(runs, [&] {
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, n, n, 1.0, x.data(), n, y.data(), n, 0.0, c.data(), n);
  });
  const double syrk = median_seconds(runs, [&] {
    cblas_dsyrk(CblasColMajor, CblasUpper, CblasTrans, n, n, 1.0, x.data(), n, 0.0, c.data(), n);
  });
  std::cout << "dgemm_seconds: " << gemm << "\ndgemm_gflops: " << 2 * cube / gemm * 1e-9 << "\n"
            << "dsyrk_seconds: " << syrk << "\ndsyrk_gflops: " << cube / syrk * 1e-9 << std::endl;
  return 0;
}
