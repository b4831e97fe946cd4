#include <dtask/array/reshape.hpp>

#include <dtask/array/creation.hpp>
#include <dtask/array/rechunk.hpp>

#include "reshape_chunk.hpp"

namespace dtask::array {

namespace {

[[noreturn]] void unsupported(const Shape& in, const Shape& out) {
  DTASK_THROW(ValueError, "reshape from " + to_string(in) + " to " + to_string(out) +
                              " is not supported: it must merge or split whole trailing axes (reshape in steps)");
}

// Each chunk cut into up to `parts` nearly equal pieces (at least one element each), so that
// merging `parts` chunks of the trailing axes keeps chunk sizes about the same.
std::vector<std::int64_t> split_chunks(const std::vector<std::int64_t>& chunks, std::int64_t parts) {
  std::vector<std::int64_t> out;
  for (std::int64_t c : chunks) {
    const std::int64_t n = std::max<std::int64_t>(1, std::min(parts, c));
    for (std::int64_t j = 0; j < n; ++j) out.push_back(c / n + (j < c % n ? 1 : 0));
  }
  return out;
}

// Chunks merged with their neighbours into multiples of m (the extent is one).
std::vector<std::int64_t> multiples_of(const std::vector<std::int64_t>& chunks, std::int64_t m) {
  std::vector<std::int64_t> out;
  std::int64_t carried = 0;
  for (std::int64_t c : chunks) {
    carried += c;
    if (carried >= m) {
      out.push_back(carried / m * m);
      carried %= m;
    }
  }
  return out;
}

std::vector<std::int64_t> scaled(std::vector<std::int64_t> chunks, std::int64_t factor, bool divide) {
  for (std::int64_t& c : chunks) c = divide ? c / factor : c * factor;
  return chunks;
}

// The shape with -1 resolved, checked against the array's size.
Shape resolve_shape(const Shape& from, const Shape& to) {
  const std::int64_t size = shape_size(from);
  std::int64_t known = 1;
  std::optional<std::size_t> unknown;
  for (std::size_t a = 0; a < to.size(); ++a) {
    if (to[a] == -1 && !unknown) {
      unknown = a;
    } else if (to[a] == -1) {
      DTASK_THROW(ValueError, "can only specify one unknown dimension in reshape to " + to_string(to));
    } else if (to[a] < 0) {
      DTASK_THROW(ValueError, "negative extent in reshape to " + to_string(to));
    } else {
      known *= to[a];
    }
  }
  Shape shape = to;
  if (unknown && known != 0 && size % known == 0) shape[*unknown] = size / known;
  if (shape_size(shape) != size || (unknown && known == 0)) {
    DTASK_THROW(ValueError, "cannot reshape array of shape " + to_string(from) + " into shape " + to_string(to));
  }
  return shape;
}

}  // namespace

ReshapePlan plan_reshape(const Shape& in, const Shape& out, const Chunks& chunks) {
  ReshapePlan plan{Chunks(in.size()), Chunks(out.size()), {}};
  auto i = static_cast<std::ptrdiff_t>(in.size()) - 1, o = static_cast<std::ptrdiff_t>(out.size()) - 1;
  // Matches groups of axes from the end: equal extents, extents of 1, or several axes of one
  // side whose product is one axis of the other.
  while (i >= 0 || o >= 0) {
    const auto ui = static_cast<std::size_t>(i), uo = static_cast<std::size_t>(o);
    if (i >= 0 && o >= 0 && in[ui] == out[uo]) {
      plan.input[ui] = plan.output[uo] = chunks[ui];
      plan.paired_axes.emplace_back(ui, uo);
      --i, --o;
    } else if (i >= 0 && in[ui] == 1) {
      plan.input[ui] = {1};
      --i;
    } else if (o >= 0 && out[uo] == 1) {
      plan.output[uo] = {1};
      --o;
    } else if (i < 0 || o < 0) {
      unsupported(in, out);
    } else if (in[ui] < out[uo]) {  // input axes l..i merge into output axis o
      std::size_t l = ui;
      std::int64_t product = in[l];
      while (product < out[uo] && l > 0) product *= in[--l];
      if (product != out[uo]) unsupported(in, out);
      std::int64_t merged_chunks = 1;
      for (std::size_t k = l + 1; k <= ui; ++k) {
        plan.input[k] = {in[k]};
        merged_chunks *= static_cast<std::int64_t>(chunks[k].size());
      }
      plan.input[l] = split_chunks(chunks[l], merged_chunks);
      plan.output[uo] = scaled(plan.input[l], product / in[l], false);
      plan.paired_axes.emplace_back(l, uo);
      i = static_cast<std::ptrdiff_t>(l) - 1, --o;
    } else {  // input axis i splits into output axes l..o
      std::size_t l = uo;
      std::int64_t product = out[l];
      while (product < in[ui] && l > 0) product *= out[--l];
      if (product != in[ui]) unsupported(in, out);
      const std::int64_t trailing = product / out[l];
      plan.input[ui] = multiples_of(chunks[ui], trailing);
      for (std::size_t k = l + 1; k <= uo; ++k) plan.output[k] = {out[k]};
      plan.output[l] = scaled(plan.input[ui], trailing, true);
      plan.paired_axes.emplace_back(ui, l);
      --i, o = static_cast<std::ptrdiff_t>(l) - 1;
    }
  }
  return plan;
}

Array reshape(const Array& x, const Shape& shape) {
  const Shape out = resolve_shape(x.shape(), shape);
  if (out == x.shape()) return x;
  if (x.size() == 0) return empty(out, -1, x.dtype());
  const ReshapePlan plan = plan_reshape(x.shape(), out, x.chunks());
  const Array in = rechunk(x, plan.input);
  return make_array("reshape", x.dtype(), plan.output, {in}, [&](const Shape& block) {
    Shape in_block(in.ndim(), 0);
    for (auto [in_axis, out_axis] : plan.paired_axes) in_block[in_axis] = block[out_axis];
    return detail::view_task(in.key(in_block), block_shape(plan.output, block), x.dtype());
  });
}

Array Array::reshape(const Shape& shape) const { return array::reshape(*this, shape); }

}  // namespace dtask::array
