// Writes an array to HDF5, so that users and benchmarks have inputs: random or ones, of any
// shape, chunks and dtype, written in parallel by the workers.
//
//   ./hdf5_create --output x.h5:/x --shape 200000,2000 --chunks 5000,1000
//   mpirun -np 3 ./hdf5_create --output x.h5:/x --shape 7,13 --chunks 3,3 --dtype float32 --kind ones
#include <CLI/CLI.hpp>
#include <chrono>
#include <dtask/array/hdf5.hpp>
#include <dtask/dtask.hpp>
#include <iostream>

namespace da = dtask::array;

int run(int argc, char** argv) {
  CLI::App app{"Writes a random or ones array to an HDF5 dataset"};
  std::string output, dtype = "float64", kind = "random";
  std::vector<std::int64_t> shape, chunks;
  std::uint64_t seed = 0;
  bool overwrite = false;
  app.add_option("--output", output, "FILE:/DATASET")->required();
  app.add_option("--shape", shape, "extents, e.g. 200000,2000")->delimiter(',')->required();
  app.add_option("--chunks", chunks, "chunk extents (default: auto, about 128 MiB)")->delimiter(',');
  app.add_option("--dtype", dtype, "float64, float32, int64 or bool")
      ->check(CLI::IsMember({"float64", "float32", "int64", "bool"}));
  app.add_option("--kind", kind, "random (uniform in [0, 1); integers 0..99 for int64) or ones")
      ->check(CLI::IsMember({"random", "ones"}));
  app.add_option("--seed", seed, "random seed");
  app.add_flag("--overwrite", overwrite, "replace an existing file");
  CLI11_PARSE(app, argc, argv);

  const auto [path, dataset] = da::split_hdf5_target(output);
  const dtask::DType type = dtask::dtype_from_name(dtype);
  const da::ChunkSpec spec = chunks.empty() ? da::ChunkSpec::automatic()
                                            : da::ChunkSpec(std::vector<da::AxisChunk>(chunks.begin(), chunks.end()));
  da::Array x = da::ones(shape, spec, type);
  if (kind == "random" && type == dtask::DType::bool_) throw dtask::ValueError("random bool arrays are not offered: use --kind ones", __FILE__, __LINE__);
  if (kind == "random") {
    x = dtask::is_floating(type) ? da::random::random(shape, spec, seed, type) : da::random::integers(0, 100, shape, spec, seed);
  }
  const auto start = std::chrono::steady_clock::now();
  da::to_hdf5(path, dataset, x, {.overwrite = overwrite});
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "wrote " << output << ": " << dtype << dtask::to_string(x.shape()) << " chunks " << da::to_string(x.chunks())
            << "\nseconds: " << seconds << "\nbytes_per_second: " << static_cast<double>(x.nbytes()) / seconds << "\n";
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "hdf5_create: " << e.what() << "\n";
    return 1;
  }
}
