// Writing: one process creates the file with every chunk allocated up front, then any
// process writes blocks into it independently. Because allocation happened at creation, a
// block write touches only raw data, never the file's metadata, so writers on different ranks
// cannot corrupt each other. Under MPI, writers open the file through MPI-IO (the mpio driver)
// on MPI_COMM_SELF; without MPI, through POSIX calls with HDF5's file locking off (the
// process-wide lock already orders its writers).
#include <mpi.h>

#include <dtask/io/hdf5.hpp>

#include <algorithm>
#include <vector>

#include "hdf5_library.hpp"

namespace dtask::io {

namespace {

using detail::check;
using detail::check_id;
using detail::describe;
using detail::Hid;

bool mpi_running() {
  int initialized = 0, finalized = 0;
  MPI_Initialized(&initialized);
  MPI_Finalized(&finalized);
  return initialized && !finalized;
}

Hid writer_access(const std::string& path) {
  Hid access(check_id(H5Pcreate(H5P_FILE_ACCESS), "cannot open " + path + " for writing"), H5Pclose);
  if (mpi_running()) {
    check(H5Pset_fapl_mpio(access.get(), MPI_COMM_SELF, MPI_INFO_NULL), "cannot open " + path + " with MPI-IO");
  } else {
    check(H5Pset_file_locking(access.get(), false, true), "cannot open " + path + " for writing");
  }
  return access;
}

std::vector<hsize_t> dims_of(const Shape& shape) { return std::vector<hsize_t>(shape.begin(), shape.end()); }

}  // namespace

void create_hdf5_dataset(const std::string& path, const std::string& dataset, DType dtype,
                         const Shape& shape, const Shape& storage_chunks) {
  if (storage_chunks.size() != shape.size()) {
    DTASK_THROW(ValueError, "storage chunks " + to_string(storage_chunks) + " do not match the shape " +
                                to_string(shape) + " of " + describe(path, dataset));
  }
  create_hdf5_datasets(path, {Hdf5DatasetSpec{dataset, dtype, shape, storage_chunks}});
}

void create_hdf5_datasets(const std::string& path, const std::vector<Hdf5DatasetSpec>& datasets) {
  auto lock = detail::hdf5_lock();
  Hid file(check_id(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "cannot create " + path),
           H5Fclose);
  Hid links(check_id(H5Pcreate(H5P_LINK_CREATE), "cannot create " + path), H5Pclose);
  check(H5Pset_create_intermediate_group(links.get(), 1), "cannot create the groups of " + path);
  for (const Hdf5DatasetSpec& spec : datasets) {
    const std::string context = describe(path, spec.dataset);
    if (!spec.storage_chunks.empty() && spec.storage_chunks.size() != spec.shape.size()) {
      DTASK_THROW(ValueError, "storage chunks " + to_string(spec.storage_chunks) + " do not match the shape " +
                                  to_string(spec.shape) + " of " + context);
    }
    const std::vector<hsize_t> dims = dims_of(spec.shape);
    Hid space(check_id(dims.empty() ? H5Screate(H5S_SCALAR) : H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                       "cannot describe the shape of " + context),
              H5Sclose);
    Hid create(check_id(H5Pcreate(H5P_DATASET_CREATE), "cannot create " + context), H5Pclose);
    if (!dims.empty() && !spec.storage_chunks.empty()) {
      // HDF5 wants chunk extents of at least 1, even along an empty axis.
      std::vector<hsize_t> chunk(dims.size());
      for (std::size_t a = 0; a < dims.size(); ++a) chunk[a] = static_cast<hsize_t>(std::max<std::int64_t>(1, spec.storage_chunks[a]));
      check(H5Pset_chunk(create.get(), static_cast<int>(chunk.size()), chunk.data()), "cannot chunk " + context);
    }
    check(H5Pset_alloc_time(create.get(), H5D_ALLOC_TIME_EARLY), "cannot create " + context);
    check(H5Pset_fill_time(create.get(), H5D_FILL_TIME_NEVER), "cannot create " + context);
    Hid type = detail::memory_type(spec.dtype);
    Hid id(check_id(H5Dcreate2(file.get(), spec.dataset.c_str(), type.get(), space.get(), links.get(), create.get(), H5P_DEFAULT),
                    "cannot create " + context),
           H5Dclose);
  }
}

void write_hdf5_block(const std::string& path, const std::string& dataset, const Shape& offset,
                      const Chunk& block) {
  auto lock = detail::hdf5_lock();
  const std::string context = describe(path, dataset);
  Hid access = writer_access(path);
  Hid file(check_id(H5Fopen(path.c_str(), H5F_ACC_RDWR, access.get()), "cannot open " + path + " for writing"),
           H5Fclose);
  Hid id(check_id(H5Dopen2(file.get(), dataset.c_str(), H5P_DEFAULT), "cannot open " + context), H5Dclose);
  if (block.size() == 0) return;
  const detail::BlockSpaces spaces = detail::select_block(id.get(), offset, block.shape(), context);
  Hid type = detail::memory_type(block.dtype());
  check(H5Dwrite(id.get(), type.get(), spaces.memory.get(), spaces.file.get(), H5P_DEFAULT, block.bytes()),
        "cannot write a block of " + context);
}

}  // namespace dtask::io
