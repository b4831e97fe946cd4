#include <dtask/array/slicing.hpp>

#include <algorithm>
#include <cstring>

#include <dtask/array/creation.hpp>

#include "reshape_chunk.hpp"

namespace dtask::array {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {  // b > 0
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return -floor_div(-a, b); }  // b > 0

// Copies the elements start + k * step (per axis, k < extent) of src, in row-major order, into
// a chunk of the given shape: extent without the axes an integer removed.
Chunk gather_chunk(const Chunk& src, const Shape& start, const Shape& step, const Shape& extent, const Shape& shape) {
  Chunk out(src.dtype(), shape);
  const std::size_t ndim = extent.size();
  Shape strides(ndim, 1);
  for (std::size_t a = ndim - 1; a-- > 0;) strides[a] = strides[a + 1] * src.shape()[a + 1];
  const std::int64_t inner = extent[ndim - 1];
  const std::int64_t inner_stride = step[ndim - 1];
  const std::int64_t rows = shape_size(extent) / inner;
  visit_dtype(src.dtype(), [&](auto tag) {
    using T = typename decltype(tag)::type;
    const T* in = src.data<T>();
    T* dst = out.data<T>();
    Shape position(ndim, 0);  // over every axis but the last, as an odometer
    for (std::int64_t r = 0; r < rows; ++r, dst += inner) {
      std::int64_t s = 0;
      for (std::size_t a = 0; a < ndim; ++a) s += (start[a] + position[a] * step[a]) * strides[a];
      if (inner_stride == 1) {
        std::memcpy(dst, in + s, static_cast<std::size_t>(inner) * sizeof(T));
      } else {
        for (std::int64_t j = 0; j < inner; ++j) dst[j] = in[s + j * inner_stride];
      }
      for (std::size_t a = ndim - 1; a-- > 0;) {
        if (++position[a] < extent[a]) break;
        position[a] = 0;
      }
    }
  });
  return out;
}

const Function& gather_function = register_function("array.getitem", &gather_chunk, "getitem");

// The part of one input chunk that one output chunk takes along an axis.
struct Piece {
  std::int64_t block;  // input chunk
  std::int64_t start;  // first element taken, inside that chunk
  std::int64_t count;  // elements taken
};

// What an index selects along one axis: pieces in output order.
struct AxisSelection {
  std::vector<Piece> pieces;
  std::int64_t step = 1;
  bool dropped = false;  // an integer index removes the axis
};

AxisSelection select_integer(std::int64_t i, const std::vector<std::int64_t>& offsets, std::size_t axis) {
  const std::int64_t extent = offsets.back();
  if (i < -extent || i >= extent) {
    DTASK_THROW(ValueError, "index " + std::to_string(i) + " is out of bounds for axis " + std::to_string(axis) +
                                " with size " + std::to_string(extent));
  }
  if (i < 0) i += extent;
  const auto block = std::upper_bound(offsets.begin(), offsets.end() - 1, i) - offsets.begin() - 1;
  return {{Piece{block, i - offsets[static_cast<std::size_t>(block)], 1}}, 1, true};
}

AxisSelection select_slice(const Slice& slice, const std::vector<std::int64_t>& offsets) {
  const ResolvedSlice r = resolve_slice(slice, offsets.back());
  AxisSelection selection{{}, r.step, false};
  const auto blocks = static_cast<std::int64_t>(offsets.size()) - 1;
  for (std::int64_t n = 0; n < blocks; ++n) {
    const std::int64_t b = r.step > 0 ? n : blocks - 1 - n;  // chunks in the order the slice walks them
    const std::int64_t lo = offsets[static_cast<std::size_t>(b)], hi = offsets[static_cast<std::size_t>(b) + 1];
    // The k whose element start + k * step falls in [lo, hi).
    std::int64_t first = 0, end = 0;
    if (r.step > 0) {
      first = ceil_div(lo - r.start, r.step);
      end = ceil_div(hi - r.start, r.step);
    } else {
      first = floor_div(r.start - hi, -r.step) + 1;
      end = floor_div(r.start - lo, -r.step) + 1;
    }
    first = std::max<std::int64_t>(first, 0);
    end = std::min(end, r.length);
    if (end > first) selection.pieces.push_back(Piece{b, r.start + first * r.step - lo, end - first});
  }
  return selection;
}

bool is_whole_axis(const Index& index) {
  const Slice* s = std::get_if<Slice>(&index);
  return s && !s->start && !s->stop && s->step == 1;
}

}  // namespace

ResolvedSlice resolve_slice(const Slice& slice, std::int64_t extent) {
  if (slice.step == 0) DTASK_THROW(ValueError, "slice step cannot be zero");
  const std::int64_t step = slice.step;
  // Bounds clip to [0, extent] going forward and to [-1, extent - 1] going backward, where -1
  // stands for "before the first element".
  const std::int64_t low = step > 0 ? 0 : -1, high = step > 0 ? extent : extent - 1;
  auto bound = [&](std::optional<std::int64_t> value, std::int64_t missing) {
    if (!value) return missing;
    const std::int64_t v = *value < 0 ? *value + extent : *value;
    return std::clamp(v, low, high);
  };
  const std::int64_t start = bound(slice.start, step > 0 ? 0 : extent - 1);
  const std::int64_t stop = bound(slice.stop, step > 0 ? extent : -1);
  const std::int64_t length = step > 0 ? ceil_div(stop - start, step) : ceil_div(start - stop, -step);
  return {start, step, std::max<std::int64_t>(length, 0)};
}

Array Array::operator[](const std::vector<Index>& index) const {
  if (index.size() > ndim()) {
    DTASK_THROW(ValueError, "too many indices for array: array is " + std::to_string(ndim()) + "-dimensional, but " +
                                std::to_string(index.size()) + " were indexed");
  }
  if (std::all_of(index.begin(), index.end(), is_whole_axis)) return *this;

  std::vector<AxisSelection> axes;
  Shape out_shape;
  Chunks out_chunks;
  for (std::size_t a = 0; a < ndim(); ++a) {
    const std::vector<std::int64_t> offsets = chunk_offsets(chunks_[a]);
    const Index& entry = a < index.size() ? index[a] : Index(Slice{});
    axes.push_back(std::holds_alternative<std::int64_t>(entry)
                       ? select_integer(std::get<std::int64_t>(entry), offsets, a)
                       : select_slice(std::get<Slice>(entry), offsets));
    if (axes.back().dropped) continue;
    std::vector<std::int64_t> sizes;
    for (const Piece& p : axes.back().pieces) sizes.push_back(p.count);
    if (sizes.empty()) sizes.push_back(0);
    out_shape.push_back(chunk_offsets(sizes).back());
    out_chunks.push_back(std::move(sizes));
  }
  if (shape_size(out_shape) == 0) return empty(out_shape, out_chunks, dtype_);

  return make_array("getitem", dtype_, out_chunks, {*this}, [&](const Shape& out_block) {
    Shape in_block, start, step, extent;
    bool whole = true;  // every axis takes its input chunk whole, in order
    std::size_t o = 0;  // axis of the output
    for (std::size_t a = 0; a < ndim(); ++a) {
      const AxisSelection& axis = axes[a];
      const Piece& p = axis.pieces[axis.dropped ? 0 : static_cast<std::size_t>(out_block[o++])];
      in_block.push_back(p.block);
      start.push_back(p.start);
      step.push_back(axis.step);
      extent.push_back(p.count);
      whole = whole && p.start == 0 && p.count == chunks_[a][static_cast<std::size_t>(p.block)] &&
              (axis.step == 1 || p.count == 1);
    }
    const Shape shape = block_shape(out_chunks, out_block);
    if (whole) return detail::view_task(key(in_block), shape, dtype_);
    return Task(gather_function, {key(in_block), Value(start), Value(step), Value(extent), Value(shape)});
  });
}

}  // namespace dtask::array
