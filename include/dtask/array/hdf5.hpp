// Arrays in HDF5 files, read and written by the workers themselves: chunk data never passes
// through rank 0.
//
//   namespace da = dtask::array;
//   auto x = da::from_hdf5("data.h5", "/x");            // chunks follow the file's storage chunks
//   da::to_hdf5("gram.h5", "/g", x.T().dot(x));          // written in parallel, then renamed
//
// Writing creates the file under a temporary name next to the target (dataset chunked like the
// array, every chunk allocated), has each worker write the chunks it computed, and renames the
// file onto the target only when every chunk is written: a failed or killed run never leaves
// a half-written file under the target name, and an existing target stays as it was. A file
// holds the one dataset written to it; replacing an existing file takes overwrite = true.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <dtask/array/array.hpp>

namespace dtask::array {

// A lazy array over a dataset. "auto" chunks keep the aspect of the dataset's storage chunks
// (whole storage chunks per array chunk, about 128 MiB each), as Dask's from_array does for
// h5py datasets. Throws IoError naming the file and the dataset when either is missing or the
// dataset's type is not one dtask reads.
Array from_hdf5(const std::string& path, const std::string& dataset,
                const ChunkSpec& chunks = ChunkSpec::automatic());

struct Hdf5WriteOptions {
  bool overwrite = false;  // replace an existing file
  // Storage chunks of the dataset; the array is rechunked to them. Default: the array's
  // chunks (made regular when they are not). "= {}": a designated initialiser may leave it out
  // without -Wmissing-field-initializers.
  std::optional<Shape> storage_chunks = {};
};

struct Hdf5Target {
  std::string path;
  std::string dataset;
  Array array;
};

// "data.h5:/x" -> {"data.h5", "/x"}: how apps take a dataset on the command line. Throws
// ValueError when there is no ":/" after a file name.
std::pair<std::string, std::string> split_hdf5_target(const std::string& text);

void to_hdf5(const std::string& path, const std::string& dataset, const Array& array,
             const Hdf5WriteOptions& options = {});
// Several arrays in one computation (shared inputs are computed once), each to its own file.
void store(const std::vector<Hdf5Target>& targets, const Hdf5WriteOptions& options = {});
void store(const std::vector<Hdf5Target>& targets, sched::Scheduler& scheduler,
           const Hdf5WriteOptions& options = {});

}  // namespace dtask::array
