// Copies datasets through dtask: reads each IN:/DATASET with from_hdf5 (chunks given or auto)
// and writes it to OUT:/DATASET with to_hdf5. h5py checks the copies (check_h5py.sh).
//   hdf5_copy --chunks 3 in.h5:/x out.h5:/x [more pairs]
#include <CLI/CLI.hpp>
#include <dtask/array/hdf5.hpp>
#include <dtask/dtask.hpp>

namespace da = dtask::array;

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);
  CLI::App app("copies HDF5 datasets through dtask");
  std::int64_t chunks = 0;
  std::vector<std::string> pairs;
  app.add_option("--chunks", chunks, "chunk size on every axis (0: auto)");
  app.add_option("pairs", pairs, "IN:/DATASET OUT:/DATASET ...")->required();
  CLI11_PARSE(app, argc, argv);
  for (std::size_t i = 0; i + 1 < pairs.size(); i += 2) {
    const auto [in_path, in_dataset] = da::split_hdf5_target(pairs[i]);
    const auto [out_path, out_dataset] = da::split_hdf5_target(pairs[i + 1]);
    da::Array x = chunks > 0 ? da::from_hdf5(in_path, in_dataset, chunks) : da::from_hdf5(in_path, in_dataset);
    da::to_hdf5(out_path, out_dataset, x, {.overwrite = true});
    std::cout << "copied " << pairs[i] << " " << dtask::dtype_name(x.dtype()) << dtask::to_string(x.shape()) << " chunks "
              << da::to_string(x.chunks()) << "\n";
  }
  return 0;
}
