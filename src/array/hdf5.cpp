#include <dtask/array/hdf5.hpp>

#include <filesystem>

#include <dtask/array/rechunk.hpp>
#include <dtask/core/function.hpp>
#include <dtask/io/hdf5.hpp>
#include <dtask/io/staged_file.hpp>

namespace dtask::array {

namespace {

Chunk read_block(const std::string& path, const std::string& dataset, const Shape& offset, const Shape& extent) {
  return io::read_hdf5_block(path, dataset, offset, extent);
}

// Returns the bytes written: the write tasks' results are what rank 0 gathers, so it learns
// that every chunk is on disk without seeing any chunk.
std::int64_t write_block(const std::string& path, const std::string& dataset, const Shape& offset,
                         const Chunk& block) {
  io::write_hdf5_block(path, dataset, offset, block);
  return static_cast<std::int64_t>(block.nbytes());
}

const Function& read_function = register_function("array.read_hdf5", &read_block, "read_hdf5");
const Function& write_function = register_function("array.write_hdf5", &write_block, "write_hdf5");

// Start of every block along every axis.
std::vector<std::vector<std::int64_t>> block_starts(const Chunks& chunks) {
  std::vector<std::vector<std::int64_t>> starts;
  for (const auto& sizes : chunks) starts.push_back(chunk_offsets(sizes));
  return starts;
}

Shape block_offset(const std::vector<std::vector<std::int64_t>>& starts, const Shape& block) {
  Shape offset(block.size());
  for (std::size_t a = 0; a < block.size(); ++a) offset[a] = starts[a][static_cast<std::size_t>(block[a])];
  return offset;
}

// Chunks where every block but the last of each axis has the same size, so that each block
// is exactly one storage chunk of the file (writers never share a storage chunk).
bool is_regular(const Chunks& chunks) {
  for (const auto& sizes : chunks) {
    for (std::size_t i = 0; i + 1 < sizes.size(); ++i) {
      if (sizes[i] != sizes.front() || sizes.back() > sizes.front()) return false;
    }
  }
  return true;
}

Array with_storage_chunks(const Array& array, const Hdf5WriteOptions& options) {
  if (options.storage_chunks) return rechunk(array, ChunkSpec(std::vector<AxisChunk>(
                                                        options.storage_chunks->begin(), options.storage_chunks->end())));
  if (is_regular(array.chunks())) return array;
  std::vector<AxisChunk> largest;
  for (const auto& sizes : array.chunks()) largest.emplace_back(*std::max_element(sizes.begin(), sizes.end()));
  return rechunk(array, ChunkSpec(largest));
}

Shape first_chunk_sizes(const Chunks& chunks) {
  Shape sizes;
  for (const auto& axis : chunks) sizes.push_back(axis.front());
  return sizes;
}

void check_target(const Hdf5Target& target, const Hdf5WriteOptions& options) {
  if (std::filesystem::exists(target.path) && !options.overwrite) {
    DTASK_THROW(IoError, target.path + " exists; pass overwrite = true to replace it (dataset '" + target.dataset + "')");
  }
  if (target.dataset.empty() || target.dataset == "/") {
    DTASK_THROW(ValueError, "to_hdf5 needs a dataset name such as /x, not '" + target.dataset + "'");
  }
}

}  // namespace

Array from_hdf5(const std::string& path, const std::string& dataset, const ChunkSpec& chunks) {
  const io::Hdf5DatasetInfo info = io::describe_hdf5(path, dataset);
  const std::size_t item = itemsize(info.dtype);
  Chunks previous;
  if (!info.storage_chunks.empty()) {
    previous = normalize_chunks(ChunkSpec(std::vector<AxisChunk>(info.storage_chunks.begin(), info.storage_chunks.end())),
                                info.shape, item);
  }
  Chunks resolved = normalize_chunks(chunks, info.shape, item, previous);
  const auto starts = block_starts(resolved);
  return make_array("read_hdf5", info.dtype, resolved, {}, [&](const Shape& block) {
    return Task(read_function, {Value(path), Value(dataset), Value(block_offset(starts, block)),
                                Value(block_shape(resolved, block))});
  });
}

std::pair<std::string, std::string> split_hdf5_target(const std::string& text) {
  const auto separator = text.rfind(":/");
  if (separator == std::string::npos || separator == 0) {
    DTASK_THROW(ValueError, "expected FILE:/DATASET, got '" + text + "'");
  }
  return {text.substr(0, separator), text.substr(separator + 1)};
}

void to_hdf5(const std::string& path, const std::string& dataset, const Array& array,
             const Hdf5WriteOptions& options) {
  store({Hdf5Target{path, dataset, array}}, options);
}

void store(const std::vector<Hdf5Target>& targets, const Hdf5WriteOptions& options) {
  store(targets, sched::default_scheduler(), options);
}

void store(const std::vector<Hdf5Target>& targets, sched::Scheduler& scheduler, const Hdf5WriteOptions& options) {
  for (const Hdf5Target& target : targets) check_target(target, options);
  std::vector<io::StagedFile> files;
  for (const Hdf5Target& target : targets) files.emplace_back(target.path);
  std::vector<Graph> graphs;
  std::vector<Key> keys;
  for (const Hdf5Target& target : targets) {
    const Array source = with_storage_chunks(target.array, options);
    const std::string& file = files[graphs.size()].path();
    io::create_hdf5_dataset(file, target.dataset, source.dtype(), source.shape(), first_chunk_sizes(source.chunks()));
    const auto starts = block_starts(source.chunks());
    const Array written = make_array("write_hdf5", DType::int64, source.chunks(), {source}, [&](const Shape& block) {
      return Task(write_function,
                  {Value(file), Value(target.dataset), Value(block_offset(starts, block)), source.key(block)});
    });
    const std::vector<Key> written_keys = written.keys();
    keys.insert(keys.end(), written_keys.begin(), written_keys.end());
    graphs.push_back(written.graph());
  }
  scheduler.get(Graph::merge(graphs), keys);
  io::close_cached_hdf5_files();  // a target may have been read from: reopen it on next use
  for (io::StagedFile& file : files) file.commit();
}

}  // namespace dtask::array
