#include "reduction_tree.hpp"

#include <numeric>

#include <dtask/core/function.hpp>

#include "reduction_runs.hpp"

namespace dtask::array::detail {

namespace {

const Function& chunk_function = register_function("array.reduce_chunk", &reduce_chunk, "reduce-chunk");
const Function& combine_function = register_function("array.reduce_combine", &combine_partials, "reduce-partial");
const Function& finish_function = register_function("array.reduce_finish", &finish_partials, "reduce");

// Row-major strides over the extents of the reduced axes (0 on kept axes): the global index
// argmin/argmax report, along one axis or flat over all.
Shape index_strides(const Shape& shape, const Shape& reduced) {
  Shape strides(shape.size(), 0);
  std::int64_t stride = 1;
  for (std::size_t a = shape.size(); a-- > 0;) {
    if (reduced[a] != 0) {
      strides[a] = stride;
      stride *= shape[a];
    }
  }
  return strides;
}

// Blocks along the axes whose flag in `reduced` equals `which`.
Shape grid_of(const Shape& grid, const Shape& reduced, std::int64_t which) {
  Shape out;
  for (std::size_t a = 0; a < grid.size(); ++a) {
    if ((reduced[a] != 0) == (which != 0)) out.push_back(grid[a]);
  }
  return out;
}

}  // namespace

Array tree_reduce(const Array& x, const ReductionSpec& spec) {
  const std::size_t ndim = x.ndim();
  const Shape& reduced = spec.reduced;
  const bool keepdims = spec.options.keepdims;
  Chunks out_chunks;
  for (std::size_t a = 0; a < ndim; ++a) {
    if (reduced[a] == 0) {
      out_chunks.push_back(x.chunks()[a]);
    } else if (keepdims) {
      out_chunks.push_back({1});
    }
  }
  std::vector<std::vector<std::int64_t>> offsets;
  for (const auto& sizes : x.chunks()) offsets.push_back(chunk_offsets(sizes));

  const std::string name = unique_name(spec.name);
  const std::string chunk_name = unique_name(spec.name + "-chunk");
  const std::string partial_name = unique_name(spec.name + "-partial");
  const Value code(static_cast<std::int64_t>(spec.reduction));
  const Value reduced_value(reduced);
  const Shape strides = index_strides(x.shape(), reduced);
  const Value strides_value(strides);
  const auto split_every = static_cast<std::size_t>(spec.options.split_every);

  const Shape grid = x.numblocks();
  const Shape kept_grid = grid_of(grid, reduced, 0);
  const Shape reduced_grid = grid_of(grid, reduced, 1);
  Layer::Tasks tasks;
  for (std::int64_t out_flat = 0; out_flat < shape_size(kept_grid); ++out_flat) {
    const Shape kept_block = unflatten_block_index(kept_grid, out_flat);
    Shape block(ndim), out_block;
    for (std::size_t a = 0, k = 0; a < ndim; ++a) {
      if (reduced[a] == 0) {
        block[a] = kept_block[k++];
        out_block.push_back(block[a]);
      } else if (keepdims) {
        out_block.push_back(0);
      }
    }

    // One step per input chunk, in row-major order of the reduced blocks.
    KeyList level;
    Shape counts;
    for (std::int64_t r = 0; r < shape_size(reduced_grid); ++r) {
      const Shape reduced_block = unflatten_block_index(reduced_grid, r);
      std::int64_t index_base = 0;
      for (std::size_t a = 0, k = 0; a < ndim; ++a) {
        if (reduced[a] != 0) block[a] = reduced_block[k++];
        index_base += offsets[a][static_cast<std::size_t>(block[a])] * strides[a];
      }
      level.emplace_back(chunk_name, Key::Index(block.begin(), block.end()));
      tasks.emplace_back(level.back(), Task(chunk_function, {x.key(block), code, reduced_value, Value(index_base),
                                                             strides_value}));
      counts.push_back(reduced_size(block_shape(x.chunks(), block), reduced));
    }

    // Levels of nodes, each combining a run of at most split_every consecutive partials (as
    // even as possible), until one final node can take them all.
    std::int32_t next = 0;
    while (level.size() > split_every) {
      const std::size_t n = level.size(), groups = (n + split_every - 1) / split_every;
      KeyList up;
      Shape up_counts;
      for (std::size_t g = 0; g < groups; ++g) {
        const std::size_t begin = n * g / groups, end = n * (g + 1) / groups;
        const Shape group_counts(counts.begin() + static_cast<std::ptrdiff_t>(begin),
                                 counts.begin() + static_cast<std::ptrdiff_t>(end));
        up.emplace_back(partial_name, Key::Index{static_cast<std::int32_t>(out_flat), next++});
        tasks.emplace_back(up.back(), Task(combine_function, {KeyList(level.begin() + static_cast<std::ptrdiff_t>(begin),
                                                                      level.begin() + static_cast<std::ptrdiff_t>(end)),
                                                             code, Value(group_counts)}));
        up_counts.push_back(std::accumulate(group_counts.begin(), group_counts.end(), std::int64_t{0}));
      }
      level = std::move(up);
      counts = std::move(up_counts);
    }
    tasks.emplace_back(Key(name, Key::Index(out_block.begin(), out_block.end())),
                       Task(finish_function, {std::move(level), code, Value(counts), Value(block_shape(out_chunks, out_block)),
                                              Value(static_cast<std::int64_t>(spec.dtype)),
                                              Value(static_cast<std::int64_t>(spec.options.ddof))}));
  }
  LayerPtrs dependencies(x.graph().tops().begin(), x.graph().tops().end());
  auto layer = std::make_shared<const Layer>(name, std::move(tasks), std::move(dependencies));
  return Array(Graph(std::move(layer)), name, spec.dtype, std::move(out_chunks));
}

}  // namespace dtask::array::detail
