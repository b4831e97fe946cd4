// map_blocks: a registered user function applied to aligned blocks.
#include <dtask/array/elementwise.hpp>

#include "elementwise_build.hpp"

namespace dtask::array {

namespace {

Chunk call(const Function& f, const std::vector<Chunk>& blocks) {
  std::vector<Value> values(blocks.begin(), blocks.end());
  std::vector<ArgView> args;
  for (const Value& v : values) args.push_back(ArgView{.single = &v});
  return f.call(args).get<Chunk>();
}

// The task: the user's function by name, and a check that it kept its promise.
Chunk map_blocks_chunk(const std::string& function, const Shape& shape, std::int64_t dtype,
                       const std::vector<Chunk>& blocks) {
  const Function* f = find_function(function);
  if (!f) DTASK_THROW(ValueError, "map_blocks: no function is registered as '" + function + "'");
  Chunk out = call(*f, blocks);
  if (out.shape() != shape || out.dtype() != static_cast<DType>(dtype)) {
    DTASK_THROW(ValueError, "map_blocks: " + function + " returned a " + std::string(dtype_name(out.dtype())) +
                                " block of shape " + to_string(out.shape()) + " where " +
                                std::string(dtype_name(static_cast<DType>(dtype))) + to_string(shape) +
                                " was expected");
  }
  return out;
}

const Function& map_blocks_function = register_function("array.map_blocks", &map_blocks_chunk, "map_blocks");

DType learn_dtype(const Function& f, const std::vector<Array>& arrays) {
  std::vector<Chunk> empty;
  for (const Array& x : arrays) empty.emplace_back(x.dtype(), Shape(x.ndim(), 0));
  try {
    return call(f, empty).dtype();
  } catch (const std::exception& e) {
    DTASK_THROW(ValueError, "map_blocks could not learn the dtype of " + f.name() +
                                " by calling it on empty blocks (" + e.what() + "); give MapBlocksOptions::dtype");
  }
}

}  // namespace

Array map_blocks(const Function& f, const std::vector<Array>& arrays, const MapBlocksOptions& options) {
  if (arrays.empty()) DTASK_THROW(ValueError, "map_blocks needs at least one array");
  if (f.arity() != arrays.size()) {
    DTASK_THROW(ValueError, "map_blocks: " + f.name() + " takes " + std::to_string(f.arity()) + " blocks but " +
                                std::to_string(arrays.size()) + " arrays were given");
  }
  const detail::Layout layout = detail::broadcast_layout(arrays);
  std::vector<Array> aligned;
  for (const Array& x : arrays) aligned.push_back(detail::align(x, layout.chunks));
  const DType dtype = options.dtype ? *options.dtype : learn_dtype(f, arrays);
  Chunks chunks = options.chunks.value_or(layout.chunks);
  if (numblocks(chunks) != numblocks(layout.chunks)) {
    DTASK_THROW(ValueError, "map_blocks: chunks " + to_string(chunks) + " do not have the " +
                                to_string(numblocks(layout.chunks)) + " blocks of the inputs' grid");
  }
  const Value name(f.name());
  const Value code(static_cast<std::int64_t>(dtype));
  return make_array(f.prefix(), dtype, chunks, aligned, [&](const Shape& block) {
    KeyList keys;
    for (const Array& x : aligned) keys.push_back(x.key(detail::source_block(x, block)));
    return Task(map_blocks_function, {name, Value(block_shape(chunks, block)), code, std::move(keys)});
  });
}

}  // namespace dtask::array
