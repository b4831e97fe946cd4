// Reading: files stay open read-only per process, datasets per file; HDF5's chunk cache is
// off because dtask reads whole storage chunks into chunks of its own (a cache would hold
// every chunk twice).
#include <mpi.h>

#include <dtask/io/hdf5.hpp>

#include <filesystem>
#include <map>
#include <vector>

#include "hdf5_library.hpp"

namespace dtask::io {

namespace {

using detail::check;
using detail::check_id;
using detail::describe;
using detail::Hid;

struct OpenFile {
  Hid file;
  std::map<std::string, Hid> datasets;
};

std::map<std::string, OpenFile>& open_files();

// Parallel HDF5 shuts itself down inside MPI_Finalize (through an attribute on
// MPI_COMM_SELF); open files must be closed before that. Attributes are deleted last set,
// first called, so an attribute set after HDF5's closes them in time.
int close_files_at_finalize(MPI_Comm, int, void*, void*) {
  open_files().clear();
  return MPI_SUCCESS;
}

void close_at_mpi_finalize() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  if (!initialized || finalized) return;  // without MPI, HDF5 closes at exit, after this cache
  int keyval = MPI_KEYVAL_INVALID;
  MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, close_files_at_finalize, &keyval, nullptr);
  MPI_Comm_set_attr(MPI_COMM_SELF, keyval, nullptr);
}

std::map<std::string, OpenFile>& open_files() {
  static std::map<std::string, OpenFile> files;
  static const bool closes_in_time = (close_at_mpi_finalize(), true);
  static_cast<void>(closes_in_time);
  return files;
}

OpenFile& open_file(const std::string& path) {
  auto& files = open_files();
  auto found = files.find(path);
  if (found != files.end()) return found->second;
  if (!std::filesystem::exists(path)) DTASK_THROW(IoError, "no such file: " + path);
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    DTASK_THROW(IoError, path + " is not an HDF5 file (or it is truncated or corrupt)");
  }
  Hid file(check_id(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "cannot open " + path), H5Fclose);
  return files.emplace(path, OpenFile{std::move(file), {}}).first->second;
}

hid_t open_dataset(const std::string& path, const std::string& dataset) {
  OpenFile& file = open_file(path);
  auto found = file.datasets.find(dataset);
  if (found != file.datasets.end()) return found->second.get();
  if (H5Lexists(file.file.get(), dataset.c_str(), H5P_DEFAULT) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    DTASK_THROW(IoError, "no dataset '" + dataset + "' in " + path);
  }
  Hid access(check_id(H5Pcreate(H5P_DATASET_ACCESS), "cannot open " + describe(path, dataset)), H5Pclose);
  check(H5Pset_chunk_cache(access.get(), H5D_CHUNK_CACHE_NSLOTS_DEFAULT, 0, H5D_CHUNK_CACHE_W0_DEFAULT),
        "cannot open " + describe(path, dataset));
  Hid id(check_id(H5Dopen2(file.file.get(), dataset.c_str(), access.get()), "cannot open " + describe(path, dataset)),
         H5Dclose);
  return file.datasets.emplace(dataset, std::move(id)).first->second.get();
}

Shape extents_of(hid_t space) {
  const int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return Shape(dims.begin(), dims.end());
}

Hdf5DatasetInfo describe_open(hid_t dataset, const std::string& context) {
  Hid space(check_id(H5Dget_space(dataset), "cannot read the shape of " + context), H5Sclose);
  Hid type(check_id(H5Dget_type(dataset), "cannot read the type of " + context), H5Tclose);
  Hid create(check_id(H5Dget_create_plist(dataset), "cannot read the layout of " + context), H5Pclose);
  Hdf5DatasetInfo info{detail::dtype_of_stored(type.get(), context), extents_of(space.get()), {}};
  if (H5Pget_layout(create.get()) == H5D_CHUNKED) {
    std::vector<hsize_t> chunk(info.shape.size());
    check(H5Pget_chunk(create.get(), static_cast<int>(chunk.size()), chunk.data()),
          "cannot read the chunks of " + context);
    info.storage_chunks.assign(chunk.begin(), chunk.end());
  }
  return info;
}

}  // namespace

Hdf5DatasetInfo describe_hdf5(const std::string& path, const std::string& dataset) {
  auto lock = detail::hdf5_lock();
  return describe_open(open_dataset(path, dataset), describe(path, dataset));
}

Chunk read_hdf5_block(const std::string& path, const std::string& dataset, const Shape& offset,
                      const Shape& extent) {
  auto lock = detail::hdf5_lock();
  const std::string context = describe(path, dataset);
  const hid_t id = open_dataset(path, dataset);
  const Hdf5DatasetInfo info = describe_open(id, context);
  bool fits = offset.size() == info.shape.size() && extent.size() == info.shape.size();
  for (std::size_t a = 0; fits && a < offset.size(); ++a) {
    fits = offset[a] >= 0 && extent[a] >= 0 && offset[a] + extent[a] <= info.shape[a];
  }
  if (!fits) {
    DTASK_THROW(IoError, "block at " + to_string(offset) + " of extent " + to_string(extent) +
                             " is outside " + context + " of shape " + to_string(info.shape));
  }
  Chunk block(info.dtype, extent);
  if (block.size() == 0) return block;
  const detail::BlockSpaces spaces = detail::select_block(id, offset, extent, context);
  Hid type = detail::memory_type(info.dtype);
  check(H5Dread(id, type.get(), spaces.memory.get(), spaces.file.get(), H5P_DEFAULT, block.bytes()),
        "cannot read a block of " + context + " (is the file truncated or corrupt?)");
  return block;
}

void close_cached_hdf5_files() {
  auto lock = detail::hdf5_lock();
  open_files().clear();
}

}  // namespace dtask::io
