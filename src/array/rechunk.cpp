#include <dtask/array/rechunk.hpp>

#include <algorithm>
#include <set>

#include <dtask/array/copy_region.hpp>
#include <dtask/array/creation.hpp>

#include "reshape_chunk.hpp"

namespace dtask::array {

namespace {

// Copies into a chunk at out_start (global offsets) of out_shape the overlapping regions of the
// given input chunks: a grid of chunks with sizes input_sizes starting at input_start.
Chunk rechunk_chunk(const std::vector<Chunk>& inputs, const Chunks& input_sizes, const Shape& input_start,
                    const Shape& out_start, const Shape& out_shape, std::int64_t dtype) {
  Chunk out(static_cast<DType>(dtype), out_shape);
  const std::size_t ndim = out_shape.size();
  std::vector<std::vector<std::int64_t>> offsets;
  for (std::size_t a = 0; a < ndim; ++a) {
    offsets.push_back(chunk_offsets(input_sizes[a]));
    for (std::int64_t& o : offsets.back()) o += input_start[a];
  }
  const Shape grid = numblocks(input_sizes);
  Shape src_offset(ndim), dst_offset(ndim), extent(ndim);
  for (std::size_t b = 0; b < inputs.size(); ++b) {
    const Shape block = unflatten_block_index(grid, static_cast<std::int64_t>(b));
    for (std::size_t a = 0; a < ndim; ++a) {
      const auto i = static_cast<std::size_t>(block[a]);
      const std::int64_t lo = std::max(offsets[a][i], out_start[a]);
      const std::int64_t hi = std::min(offsets[a][i + 1], out_start[a] + out_shape[a]);
      src_offset[a] = lo - offsets[a][i];
      dst_offset[a] = lo - out_start[a];
      extent[a] = std::max<std::int64_t>(hi - lo, 0);
    }
    copy_region(inputs[b], src_offset, out, dst_offset, extent);
  }
  return out;
}

const Function& rechunk_function = register_function("array.rechunk", &rechunk_chunk, "rechunk-merge");

// For every chunk of `to` along one axis, the range [first, last) of `from` chunks overlapping it.
std::vector<std::pair<std::int64_t, std::int64_t>> overlaps(const std::vector<std::int64_t>& from,
                                                            const std::vector<std::int64_t>& to) {
  const std::vector<std::int64_t> src = chunk_offsets(from), dst = chunk_offsets(to);
  std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
  for (std::size_t j = 0; j + 1 < dst.size(); ++j) {
    const auto first = std::upper_bound(src.begin(), src.end() - 1, dst[j]) - src.begin() - 1;
    const auto last = std::lower_bound(src.begin(), src.end() - 1, dst[j + 1]) - src.begin();
    ranges.emplace_back(first, std::max(first, last));
  }
  return ranges;
}

// Bytes of input chunks the largest task of a one-stage rechunk reads: per axis the widest
// span of `from` chunks overlapping one `to` chunk, multiplied.
std::int64_t read_bytes(const Chunks& from, const Chunks& to, std::size_t itemsize) {
  auto bytes = static_cast<std::int64_t>(itemsize);
  for (std::size_t a = 0; a < from.size(); ++a) {
    const std::vector<std::int64_t> src = chunk_offsets(from[a]);
    std::int64_t widest = 0;
    for (auto [first, last] : overlaps(from[a], to[a])) {
      widest = std::max(widest, src[static_cast<std::size_t>(last)] - src[static_cast<std::size_t>(first)]);
    }
    bytes *= widest;
  }
  return bytes;
}

std::int64_t largest_chunk_bytes(const Chunks& chunks, std::size_t itemsize) {
  auto bytes = static_cast<std::int64_t>(itemsize);
  for (const auto& sizes : chunks) bytes *= *std::max_element(sizes.begin(), sizes.end());
  return bytes;
}

// Chunks along one axis with the boundaries of both.
std::vector<std::int64_t> common_refinement(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::set<std::int64_t> bounds;
  for (std::int64_t o : chunk_offsets(a)) bounds.insert(o);
  for (std::int64_t o : chunk_offsets(b)) bounds.insert(o);
  std::vector<std::int64_t> sizes;
  for (auto it = std::next(bounds.begin()); it != bounds.end(); ++it) sizes.push_back(*it - *std::prev(it));
  if (sizes.empty()) sizes.push_back(0);
  return sizes;
}

// Neighbouring chunks merged two by two.
std::vector<std::int64_t> merge_pairs(const std::vector<std::int64_t>& sizes) {
  std::vector<std::int64_t> merged;
  for (std::size_t i = 0; i < sizes.size(); i += 2) merged.push_back(sizes[i] + (i + 1 < sizes.size() ? sizes[i + 1] : 0));
  return merged;
}

// One stage: every output chunk is one task reading the input chunks that overlap it.
Array rechunk_stage(const Array& x, const Chunks& to) {
  std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> ranges;
  std::vector<std::vector<std::int64_t>> from_offsets, to_offsets;
  for (std::size_t a = 0; a < x.ndim(); ++a) {
    ranges.push_back(overlaps(x.chunks()[a], to[a]));
    from_offsets.push_back(chunk_offsets(x.chunks()[a]));
    to_offsets.push_back(chunk_offsets(to[a]));
  }
  const auto dtype = static_cast<std::int64_t>(x.dtype());
  return make_array("rechunk-merge", x.dtype(), to, {x}, [&](const Shape& block) {
    Chunks input_sizes;
    Shape input_start, out_start;
    for (std::size_t a = 0; a < x.ndim(); ++a) {
      const auto [first, last] = ranges[a][static_cast<std::size_t>(block[a])];
      const auto& sizes = x.chunks()[a];
      input_sizes.emplace_back(sizes.begin() + first, sizes.begin() + last);
      input_start.push_back(from_offsets[a][static_cast<std::size_t>(first)]);
      out_start.push_back(to_offsets[a][static_cast<std::size_t>(block[a])]);
    }
    const Shape shape = block_shape(to, block);
    // The overlapping input chunks, in flat order of their sub-grid.
    KeyList inputs;
    const Shape sub_grid = numblocks(input_sizes);
    for (std::int64_t b = 0; b < block_count(input_sizes); ++b) {
      Shape in_block = unflatten_block_index(sub_grid, b);
      for (std::size_t a = 0; a < x.ndim(); ++a) in_block[a] += ranges[a][static_cast<std::size_t>(block[a])].first;
      inputs.push_back(x.key(in_block));
    }
    if (inputs.size() == 1 && input_start == out_start && block_shape(input_sizes, Shape(x.ndim(), 0)) == shape) {
      return detail::view_task(inputs.front(), shape, x.dtype());  // an input chunk kept as it is
    }
    return Task(rechunk_function, {std::move(inputs), Value(input_sizes), Value(input_start), Value(out_start),
                                   Value(shape), Value(dtype)});
  });
}

}  // namespace

std::vector<Chunks> plan_rechunk(const Chunks& from, const Chunks& to, std::size_t itemsize, std::int64_t limit) {
  const std::int64_t bound =
      std::max({limit, largest_chunk_bytes(from, itemsize), largest_chunk_bytes(to, itemsize)});
  if (read_bytes(from, to, itemsize) <= bound) return {to};
  auto within_bound = [&](const Chunks& middle) {
    return read_bytes(from, middle, itemsize) <= bound && read_bytes(middle, to, itemsize) <= bound;
  };
  // Through the common refinement, every task reads at most one input chunk's or one output
  // chunk's bytes. Then fewer, larger intermediate chunks where both stages stay within the
  // bound: axis by axis the coarser of the two chunkings, then neighbours merged in pairs.
  Chunks middle;
  for (std::size_t a = 0; a < from.size(); ++a) middle.push_back(common_refinement(from[a], to[a]));
  for (std::size_t a = 0; a < from.size(); ++a) {
    std::vector<const std::vector<std::int64_t>*> candidates{&from[a], &to[a]};
    std::sort(candidates.begin(), candidates.end(), [](auto* p, auto* q) { return p->size() < q->size(); });
    for (const auto* candidate : candidates) {
      if (candidate->size() >= middle[a].size()) continue;
      Chunks trial = middle;
      trial[a] = *candidate;
      if (within_bound(trial)) {
        middle = std::move(trial);
        break;
      }
    }
  }
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t a = 0; a < middle.size(); ++a) {
      if (middle[a].size() < 2) continue;
      Chunks trial = middle;
      trial[a] = merge_pairs(middle[a]);
      if (within_bound(trial)) {
        middle = std::move(trial);
        merged = true;
      }
    }
  }
  return {middle, to};
}

Array rechunk(const Array& x, const ChunkSpec& chunks, std::int64_t limit) {
  const Chunks to = normalize_chunks(chunks, x.shape(), itemsize(x.dtype()), x.chunks());
  if (to == x.chunks()) return x;
  if (x.size() == 0) return empty(x.shape(), to, x.dtype());
  Array y = x;
  for (const Chunks& stage : plan_rechunk(x.chunks(), to, itemsize(x.dtype()), limit)) y = rechunk_stage(y, stage);
  return y;
}

Array Array::rechunk(const ChunkSpec& chunks) const { return array::rechunk(*this, chunks); }

}  // namespace dtask::array
