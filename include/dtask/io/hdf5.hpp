// HDF5 datasets as tasks read and write them: whole blocks (hyperslabs) in and out of Chunks.
// No HDF5 type appears here; src/io holds the library calls, each checked and serialised by
// one process-wide lock (the HDF5 build of this platform is not thread-safe).
//
//   auto info = dtask::io::describe_hdf5("data.h5", "/x");        // dtype, shape, storage chunks
//   dtask::Chunk c = dtask::io::read_hdf5_block("data.h5", "/x", {0, 0}, {1000, 1000});
//
// Files opened for reading stay open (read-only) for the life of the process, so a worker
// pays the open once per file, not once per chunk. Every failure is a dtask::IoError whose
// message names the file and the dataset.
#pragma once

#include <string>
#include <vector>

#include <dtask/core/chunk.hpp>

namespace dtask::io {

struct Hdf5DatasetInfo {
  DType dtype;          // the dtask dtype the stored type is read as
  Shape shape;
  Shape storage_chunks;  // the dataset's chunk shape; empty for contiguous storage
};

Hdf5DatasetInfo describe_hdf5(const std::string& path, const std::string& dataset);

// The block of extents `extent` starting at `offset`, converted to the dtype describe_hdf5
// reports.
Chunk read_hdf5_block(const std::string& path, const std::string& dataset, const Shape& offset,
                      const Shape& extent);

// Creates path (replacing any file of that name) with one chunked dataset, every chunk
// allocated now so that later block writes from several processes never touch the file's
// metadata.
void create_hdf5_dataset(const std::string& path, const std::string& dataset, DType dtype,
                         const Shape& shape, const Shape& storage_chunks);

// Creates path (replacing any file of that name) with several datasets, allocated now as above.
// Empty storage_chunks asks for contiguous storage: then blocks of any extents may be written
// side by side by different processes (no storage chunk is shared, and the MPI-IO driver writes
// raw data straight to the file), which suits the ragged partitions of a dataframe.
struct Hdf5DatasetSpec {
  std::string dataset;
  DType dtype;
  Shape shape;
  Shape storage_chunks;
};
void create_hdf5_datasets(const std::string& path, const std::vector<Hdf5DatasetSpec>& datasets);

// Writes block at offset into an existing dataset (any process, any time after creation).
void write_hdf5_block(const std::string& path, const std::string& dataset, const Shape& offset,
                      const Chunk& block);

// Closes the files this process keeps open for reading (they are reopened on next use): call
// before replacing a file that was read.
void close_cached_hdf5_files();

}  // namespace dtask::io
