// Chunk specifications resolved as Dask 2022.12 resolves them (dask/array/core.py,
// normalize_chunks and auto_chunks). "auto" repeats Dask's floating-point steps in the same
// order, so that both pick the same sizes, rounding included.
#include <algorithm>
#include <cmath>
#include <dtask/array/chunks.hpp>
#include <dtask/core/error.hpp>
#include <functional>
#include <map>
#include <numeric>
#include <optional>
#include <ranges>
#include <set>

namespace dtask::array {
namespace {

std::string join(const std::vector<std::int64_t>& values) {
  std::string text = "(";
  for (std::size_t i = 0; i < values.size(); ++i) {
    text += (i ? ", " : "") + std::to_string(values[i]);
  }
  return text + (values.size() == 1 ? ",)" : ")");
}

std::int64_t sum(const std::vector<std::int64_t>& sizes) {
  return std::accumulate(sizes.begin(), sizes.end(), std::int64_t{0});
}

// One axis on the way to its sizes: a fixed chunk size, explicit sizes, or still "auto".
struct AxisPlan {
  std::optional<std::int64_t> size;
  std::vector<std::int64_t> sizes;
  bool is_auto() const { return !size && sizes.empty(); }
};

AxisPlan plan_axis(AxisChunk axis, std::int64_t extent, std::size_t index) {
  if (axis.is_auto()) return {};
  const std::int64_t size = axis.size() == -1 ? extent : axis.size();
  // Dask gives any size to an empty axis; elsewhere a size must cover something.
  if (size < 0 || (size == 0 && extent > 0)) {
    DTASK_THROW(ValueError, "chunk size " + std::to_string(axis.size()) + " on axis " +
                                std::to_string(index) + " (extent " + std::to_string(extent) +
                                "): sizes must be positive, or -1 for the whole axis");
  }
  return {size, {}};
}

std::vector<AxisPlan> plan_explicit(const Chunks& chunks, const Shape& shape) {
  std::vector<AxisPlan> plans;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    const auto& sizes = chunks[i];
    // Zero sizes stay allowed: Dask keeps the empty chunks that slicing leaves.
    const bool valid = !sizes.empty() && std::ranges::none_of(sizes, [](auto s) { return s < 0; });
    if (!valid || sum(sizes) != shape[i]) {
      DTASK_THROW(ValueError, "chunks " + to_string(chunks) + " do not fit shape " + join(shape) +
                                  ": axis " + std::to_string(i) + " needs sizes >= 0 summing to " +
                                  std::to_string(shape[i]));
    }
    plans.push_back({std::nullopt, sizes});
  }
  return plans;
}

std::size_t spec_ndim(const ChunkSpec::Form& form, std::size_t shape_ndim) {
  if (const auto* per_axis = std::get_if<std::vector<AxisChunk>>(&form)) return per_axis->size();
  if (const auto* sizes = std::get_if<Chunks>(&form)) return sizes->size();
  return shape_ndim;
}

// Dask reads several sizes given for a 1-d shape as the explicit sizes of its one axis.
bool is_explicit_1d(const std::vector<AxisChunk>& per_axis, const Shape& shape) {
  return shape.size() == 1 && per_axis.size() > 1 &&
         std::ranges::none_of(per_axis, [](AxisChunk a) { return a.is_auto(); });
}

std::vector<AxisPlan> plan_axes(const ChunkSpec& spec, const Shape& shape) {
  const auto& form = spec.form();
  if (const auto* per_axis = std::get_if<std::vector<AxisChunk>>(&form);
      per_axis && is_explicit_1d(*per_axis, shape)) {
    std::vector<std::int64_t> sizes;
    for (AxisChunk axis : *per_axis) sizes.push_back(axis.size());
    return plan_explicit({sizes}, shape);
  }
  if (spec_ndim(form, shape.size()) != shape.size()) {
    DTASK_THROW(ValueError, "chunks give " + std::to_string(spec_ndim(form, shape.size())) +
                                " axes but shape " + join(shape) + " has " +
                                std::to_string(shape.size()));
  }
  if (const auto* sizes = std::get_if<Chunks>(&form)) return plan_explicit(*sizes, shape);
  std::vector<AxisPlan> plans;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    const auto* per_axis = std::get_if<std::vector<AxisChunk>>(&form);
    plans.push_back(plan_axis(per_axis ? (*per_axis)[i] : std::get<AxisChunk>(form), shape[i], i));
  }
  return plans;
}

// The largest block the fixed axes allow, as Dask counts it: the fixed size itself, even when it
// exceeds the extent. A double, as Dask divides by it.
double fixed_block(const std::vector<AxisPlan>& plans) {
  double block = 1;
  for (const auto& plan : plans) {
    if (plan.size) block *= static_cast<double>(*plan.size);
    if (!plan.sizes.empty()) block *= static_cast<double>(std::ranges::max(plan.sizes));
  }
  return block;
}

// Dask's round_to: below the extent (or the previous chunk) take the floor, above it the largest
// multiple of it. The floor division is NumPy's, for the same bits.
double round_to(double c, std::int64_t s) {
  if (c <= static_cast<double>(s)) return std::max(1.0, std::trunc(c));
  const double d = static_cast<double>(s);
  const double div = (c - std::fmod(c, d)) / d;
  double floor_div = std::floor(div);
  if (div - floor_div > 0.5) floor_div += 1;
  return floor_div * d;
}

// Without previous chunks: cube-like blocks; axes shorter than the ideal side are taken whole,
// and the others share the bytes left.
void auto_without_previous(std::vector<AxisPlan>& plans, const Shape& shape, double elements) {
  for (;;) {
    std::vector<std::size_t> autos;
    for (std::size_t i = 0; i < plans.size(); ++i) {
      if (plans[i].is_auto()) autos.push_back(i);
    }
    if (autos.empty()) return;
    const double side = std::pow(elements / fixed_block(plans), 1.0 / autos.size());
    bool any_small = false;
    for (std::size_t i : autos) {
      if (static_cast<double>(shape[i]) < side) {
        plans[i].sizes = {shape[i]};
        any_small = true;
      }
    }
    if (any_small) continue;
    for (std::size_t i : autos) plans[i].size = static_cast<std::int64_t>(round_to(side, shape[i]));
    return;
  }
}

double median(std::vector<std::int64_t> sizes) {
  std::ranges::sort(sizes);
  const std::size_t n = sizes.size();
  if (n % 2) return static_cast<double>(sizes[n / 2]);
  return (static_cast<double>(sizes[n / 2 - 1]) + static_cast<double>(sizes[n / 2])) / 2;
}

// The size an axis of previous chunks holds to: its most frequent chunk when at least half the
// chunks have it (the first seen on a tie), else the extent.
std::int64_t ideal_size(const std::vector<std::int64_t>& previous, std::int64_t extent) {
  std::map<std::int64_t, std::size_t> counts;
  for (std::int64_t s : previous) ++counts[s];
  const std::size_t top = std::ranges::max(counts | std::views::values);
  const std::int64_t mode =
      *std::ranges::find_if(previous, [&](auto s) { return counts[s] == top; });
  return mode > 1 && 2 * top >= previous.size() ? mode : extent;
}

// With previous chunks: start from their median sizes and scale every auto axis by the same
// factor until the block holds the target bytes, snapping to multiples of the previous chunk.
void auto_with_previous(std::vector<AxisPlan>& plans, const Shape& shape, double elements,
                        const Chunks& previous) {
  std::set<std::size_t> autos;
  std::map<std::size_t, double> result;  // ordered by axis, as Dask's dict
  for (std::size_t i = 0; i < plans.size(); ++i) {
    if (plans[i].is_auto()) {
      autos.insert(i);
      result[i] = median(previous[i]);
    }
  }
  const auto multiplier_now = [&] {
    double chosen = 1;
    for (const auto& [axis, size] : result) {
      if (size != 0) chosen *= size;
    }
    return elements / fixed_block(plans) / chosen;
  };
  double multiplier = multiplier_now();
  double last_multiplier = 0;
  std::set<std::size_t> last_autos;
  while (multiplier != last_multiplier || autos != last_autos) {
    last_multiplier = multiplier;
    last_autos = autos;
    for (std::size_t a : last_autos) {
      const std::int64_t ideal = ideal_size(previous[a], shape[a]);
      if (ideal == 0) {
        result[a] = 0;
        continue;
      }
      // Dask divides by the number of autos left at this point, not at the pass's start.
      const double proposed = result[a] * std::pow(multiplier, 1.0 / autos.size());
      if (proposed > static_cast<double>(shape[a])) {
        autos.erase(a);
        result.erase(a);
        plans[a].size = shape[a];
      } else {
        result[a] = round_to(proposed, ideal);
      }
    }
    multiplier = multiplier_now();
  }
  for (const auto& [axis, size] : result) plans[axis].size = static_cast<std::int64_t>(size);
}

void resolve_auto(std::vector<AxisPlan>& plans, const Shape& shape, std::size_t itemsize,
                  std::int64_t auto_bytes, const Chunks& previous) {
  if (std::ranges::none_of(plans, &AxisPlan::is_auto)) return;
  if (itemsize == 0 || auto_bytes <= 0) {
    DTASK_THROW(ValueError, "\"auto\" chunks need a positive itemsize and byte target, got " +
                                std::to_string(itemsize) + " and " + std::to_string(auto_bytes));
  }
  const double elements = static_cast<double>(auto_bytes) / static_cast<double>(itemsize);
  if (previous.empty()) return auto_without_previous(plans, shape, elements);
  const bool fits = previous.size() == shape.size() &&
                    std::ranges::none_of(previous, [](const auto& p) { return p.empty(); });
  if (!fits) {
    DTASK_THROW(ValueError,
                "previous chunks " + to_string(previous) + " do not match shape " + join(shape));
  }
  auto_with_previous(plans, shape, elements, previous);
}

// A fixed size cuts the axis into full chunks and a ragged last one; an empty axis is (0,).
std::vector<std::int64_t> expand(const AxisPlan& plan, std::int64_t extent) {
  if (!plan.sizes.empty()) return plan.sizes;
  if (extent == 0) return {0};
  std::vector<std::int64_t> sizes(extent / *plan.size, *plan.size);
  if (extent % *plan.size) sizes.push_back(extent % *plan.size);
  return sizes;
}

void check_shape(const Shape& shape) {
  if (std::ranges::any_of(shape, [](auto extent) { return extent < 0; })) {
    DTASK_THROW(ValueError, "shape " + join(shape) + " has a negative extent");
  }
}

void check_index(const Shape& numblocks, const Shape& block_index) {
  bool valid = block_index.size() == numblocks.size();
  for (std::size_t i = 0; valid && i < numblocks.size(); ++i) {
    valid = block_index[i] >= 0 && block_index[i] < numblocks[i];
  }
  if (!valid) {
    DTASK_THROW(ValueError,
                "block " + join(block_index) + " is outside the blocks " + join(numblocks));
  }
}

}  // namespace

Chunks normalize_chunks(const ChunkSpec& spec, const Shape& shape, std::size_t itemsize,
                        const Chunks& previous) {
  check_shape(shape);
  auto plans = plan_axes(spec, shape);
  resolve_auto(plans, shape, itemsize, spec.auto_bytes(), previous);
  Chunks chunks;
  for (std::size_t i = 0; i < shape.size(); ++i) chunks.push_back(expand(plans[i], shape[i]));
  return chunks;
}

std::vector<std::int64_t> chunk_offsets(const std::vector<std::int64_t>& sizes) {
  std::vector<std::int64_t> offsets(sizes.size() + 1, 0);
  std::partial_sum(sizes.begin(), sizes.end(), offsets.begin() + 1);
  return offsets;
}

Shape numblocks(const Chunks& chunks) {
  Shape counts;
  for (const auto& sizes : chunks) counts.push_back(static_cast<std::int64_t>(sizes.size()));
  return counts;
}

std::int64_t block_count(const Chunks& chunks) {
  const Shape counts = numblocks(chunks);
  return std::accumulate(counts.begin(), counts.end(), std::int64_t{1}, std::multiplies<>());
}

Shape block_shape(const Chunks& chunks, const Shape& block_index) {
  check_index(numblocks(chunks), block_index);
  Shape extents;
  for (std::size_t i = 0; i < chunks.size(); ++i) extents.push_back(chunks[i][block_index[i]]);
  return extents;
}

std::int64_t flat_block_index(const Shape& numblocks, const Shape& block_index) {
  check_index(numblocks, block_index);
  std::int64_t flat = 0;
  for (std::size_t i = 0; i < numblocks.size(); ++i) flat = flat * numblocks[i] + block_index[i];
  return flat;
}

Shape unflatten_block_index(const Shape& numblocks, std::int64_t flat) {
  const std::int64_t total =
      std::accumulate(numblocks.begin(), numblocks.end(), std::int64_t{1}, std::multiplies<>());
  if (flat < 0 || flat >= total) {
    DTASK_THROW(ValueError, "flat block index " + std::to_string(flat) + " is outside the " +
                                std::to_string(total) + " blocks " + join(numblocks));
  }
  Shape index(numblocks.size());
  for (std::size_t i = numblocks.size(); i-- > 0;) {
    index[i] = flat % numblocks[i];
    flat /= numblocks[i];
  }
  return index;
}

std::string to_string(const Chunks& chunks) {
  std::string text = "(";
  for (std::size_t i = 0; i < chunks.size(); ++i) text += (i ? ", " : "") + join(chunks[i]);
  return text + (chunks.size() == 1 ? ",)" : ")");
}

}  // namespace dtask::array
