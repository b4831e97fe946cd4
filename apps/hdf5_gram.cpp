// G = X^T X out of core: X is read from HDF5 chunk by chunk by the workers, G is written back
// by them; only the trace of G comes to rank 0.
//
//   ./hdf5_create --output x.h5:/x --shape 200000,2000 --chunks 5000,1000
//   mpirun -np 3 --bind-to none ./hdf5_gram --input x.h5:/x --output g.h5:/g --threads 1
//   mpirun -np 3 ./hdf5_gram --input x.h5:/x --output g.h5:/g --chunks 5000,1000 --memory-limit 800MB
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/array/hdf5.hpp>
#include <dtask/dtask.hpp>
#include <dtask/io/hdf5.hpp>
#include <iomanip>
#include <iostream>

namespace da = dtask::array;

// The trace of one diagonal block, as a chunk of one element.
dtask::Chunk block_trace(const dtask::Chunk& block) {
  dtask::Chunk trace(dtask::DType::float64, {1});
  trace.data<double>()[0] = block.to_matrix<double>().trace();
  return trace;
}
DTASK_FUNCTIONS(block_trace);

// The trace of a square matrix chunked alike on both axes: each diagonal block's trace is
// computed where the block is read; only those numbers reach rank 0.
double trace_of(const da::Array& g) {
  const std::int64_t blocks = static_cast<std::int64_t>(g.chunks()[0].size());
  const da::Array traces = da::make_array("block_trace", dtask::DType::float64, {std::vector<std::int64_t>(blocks, 1)}, {g},
                                          [&](const dtask::Shape& block) {
                                            return dtask::Task("block_trace", {g.key({block[0], block[0]})});
                                          });
  return traces.compute().to_vector<double>().sum();
}

int run(int argc, char** argv) {
  CLI::App app{"G = X^T X of an HDF5 matrix, written to HDF5"};
  std::string input, output;
  bool overwrite = false;
  app.add_option("--input", input, "FILE:/DATASET, an m x n matrix")->required();
  app.add_option("--output", output, "FILE:/DATASET for G (n x n)")->required();
  app.add_flag("--overwrite", overwrite, "replace an existing output file");
  std::vector<std::int64_t> chunks;
  app.add_option("--chunks", chunks, "r,c: chunks of X (default: whole storage chunks, about 128 MiB)")->delimiter(',')->expected(2);
  CLI11_PARSE(app, argc, argv);

  const auto [in_path, in_dataset] = da::split_hdf5_target(input);
  const auto [out_path, out_dataset] = da::split_hdf5_target(output);
  const auto start = std::chrono::steady_clock::now();
  const da::ChunkSpec spec = chunks.empty() ? da::ChunkSpec::automatic()
                                            : da::ChunkSpec(std::vector<da::AxisChunk>(chunks.begin(), chunks.end()));
  da::Array x = da::from_hdf5(in_path, in_dataset, spec);
  if (x.ndim() != 2) throw dtask::ValueError(input + " is not a matrix: shape " + dtask::to_string(x.shape()), __FILE__, __LINE__);
  da::to_hdf5(out_path, out_dataset, x.T().dot(x), {.overwrite = overwrite});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The trace reads only G's diagonal chunks back, on the workers.
  const dtask::Shape storage = dtask::io::describe_hdf5(out_path, out_dataset).storage_chunks;
  const double trace = trace_of(da::from_hdf5(out_path, out_dataset, std::vector<da::AxisChunk>(storage.begin(), storage.end())));
  const double m = static_cast<double>(x.shape()[0]), n = static_cast<double>(x.shape()[1]);
  std::cout << "X: " << dtask::dtype_name(x.dtype()) << dtask::to_string(x.shape()) << " chunks " << da::to_string(x.chunks())
            << "\nseconds: " << seconds << "\ngflops: " << m * n * n / seconds * 1e-9  // symmetric: m n^2 flops
            << "\nread_bytes_per_second: " << static_cast<double>(x.nbytes()) / seconds
            << "\nresult: " << std::setprecision(15) << trace << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "hdf5_gram: " << e.what() << "\n";
    return 1;
  }
}
