// What the linear-algebra apps (cholesky, lu_solve, tsqr, gemm, svd) share: a matrix read from
// HDF5 or generated, output targets, and the lines they print.
//
//   MatrixOptions in;
//   add_matrix_options(app, in, /*tall=*/false);      // --input, --m, --n, --chunk, --seed
//   da::Array a = input_matrix(in);                    // from_hdf5, or random uniform [0, 1)
//   write_output(target, l, overwrite); read_back(target, l);  // FILE:/DATASET, or l itself
//   print_figures(seconds, flops, residual);           // seconds, gflops, residual, result
//
// Runtime options (--threads, --memory-limit, --report, ...) are the runtime's (runtime.hpp).
#pragma once

#include <CLI/CLI.hpp>
#include <dtask/array/hdf5.hpp>
#include <dtask/dtask.hpp>
#include <iomanip>
#include <iostream>
#include <optional>
#include <string>

namespace linalg_app {

namespace da = dtask::array;

struct MatrixOptions {
  std::string input;                   // FILE:/DATASET; empty: generated
  std::optional<std::int64_t> m;       // rows when generated (default: n)
  std::int64_t n = 4000;               // columns when generated
  std::vector<std::int64_t> chunk;     // r[,c]: chunks (default: the file's, or 1000)
  std::uint64_t seed = 42;
};

inline void add_matrix_options(CLI::App& app, MatrixOptions& o) {
  app.add_option("--input", o.input, "FILE:/DATASET to read the matrix from (default: generated)");
  app.add_option("--m", o.m, "rows of the generated matrix (default: N)")->check(CLI::PositiveNumber);
  app.add_option("--n", o.n, "columns of the generated matrix")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--chunk", o.chunk, "R[,C]: chunks of R x C (C defaults to R)")->delimiter(',')->expected(1, 2);
  app.add_option("--seed", o.seed, "seed of the generated matrix")->capture_default_str();
}

// The chunk spec the options ask for; default_chunk when none was given.
inline da::ChunkSpec chunk_spec(const MatrixOptions& o, std::int64_t default_chunk) {
  if (o.chunk.empty()) return da::ChunkSpec(std::vector<da::AxisChunk>{default_chunk, default_chunk});
  const std::int64_t rows = o.chunk[0], cols = o.chunk.size() > 1 ? o.chunk[1] : o.chunk[0];
  return da::ChunkSpec(std::vector<da::AxisChunk>{rows, cols});
}

// The matrix: the dataset named by --input (chunked by --chunk, or as stored), or uniform
// random [0, 1) of --m x --n with --seed. Throws dtask::ValueError when it is not 2-D.
inline da::Array input_matrix(const MatrixOptions& o, std::int64_t default_chunk = 1000) {
  if (!o.input.empty()) {
    const auto [path, dataset] = da::split_hdf5_target(o.input);
    const da::Array a = da::from_hdf5(path, dataset, o.chunk.empty() ? da::ChunkSpec::automatic() : chunk_spec(o, default_chunk));
    if (a.ndim() != 2) {
      throw dtask::ValueError(o.input + " is not a matrix: shape " + dtask::to_string(a.shape()), __FILE__, __LINE__);
    }
    return a;
  }
  return da::random::random({o.m.value_or(o.n), o.n}, chunk_spec(o, default_chunk), o.seed);
}

// Writes array to the FILE:/DATASET target (nothing when target is empty).
inline void write_output(const std::string& target, const da::Array& array, bool overwrite) {
  if (target.empty()) return;
  const auto [path, dataset] = da::split_hdf5_target(target);
  da::to_hdf5(path, dataset, array, {.overwrite = overwrite});
}

// The array written to target, read back in like's chunks (the residual checks what was
// written); like itself when target is empty.
inline da::Array read_back(const std::string& target, const da::Array& like) {
  if (target.empty()) return like;
  const auto [path, dataset] = da::split_hdf5_target(target);
  return da::from_hdf5(path, dataset, da::ChunkSpec(like.chunks()));
}

inline void print_figures(double seconds, double flops, double residual) {
  std::cout << "seconds: " << seconds << "\n"
            << "gflops: " << flops / seconds * 1e-9 << "\n"
            << "residual: " << std::setprecision(3) << std::scientific << residual << "\n"
            << "result: " << residual << std::defaultfloat << std::setprecision(6) << std::endl;
}

// main() of every app: the runtime, then run(), with errors as one line and exit code 1.
template <class Run>
int main_of(const char* name, int argc, char** argv, Run run) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace linalg_app
