// How a reduction walks one row-major chunk: as runs of contiguous elements. Neighbouring axes
// that are both reduced or both kept are merged (axes of extent 1 join either), so the innermost
// run is as long as possible and a kernel handles it with one vectorised Eigen expression.
#pragma once

#include <cstdint>
#include <vector>

#include <dtask/core/chunk.hpp>

namespace dtask::array::detail {

// Calls f(in, out, length, folds) for every run: chunk elements [in, in + length). When folds is
// true they all fold into output element out; otherwise element in + j folds into out + j.
// Output elements are the kept axes in row-major order. A chunk with an empty axis has no runs;
// a 0-d chunk is one run of one kept element.
template <class F>
void for_each_run(const Shape& shape, const Shape& reduced, F&& f) {
  struct Group {
    std::int64_t extent;
    bool reduced;
  };
  std::vector<Group> groups;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (shape[a] == 0) return;
    if (shape[a] == 1) continue;
    const bool r = reduced[a] != 0;
    if (!groups.empty() && groups.back().reduced == r) {
      groups.back().extent *= shape[a];
    } else {
      groups.push_back({shape[a], r});
    }
  }
  if (groups.empty()) {
    f(std::int64_t{0}, std::int64_t{0}, std::int64_t{1}, false);
    return;
  }
  const Group inner = groups.back();
  groups.pop_back();

  // Outer groups are walked as an odometer; kept ones move the output position.
  std::vector<std::int64_t> out_stride(groups.size(), 0), index(groups.size(), 0);
  std::int64_t stride = inner.reduced ? 1 : inner.extent;
  for (std::size_t g = groups.size(); g-- > 0;) {
    if (!groups[g].reduced) {
      out_stride[g] = stride;
      stride *= groups[g].extent;
    }
  }
  std::int64_t out = 0;
  for (std::int64_t in = 0;; in += inner.extent) {
    f(in, out, inner.extent, inner.reduced);
    int g = static_cast<int>(groups.size()) - 1;
    for (; g >= 0; --g) {
      const auto u = static_cast<std::size_t>(g);
      out += out_stride[u];
      if (++index[u] < groups[u].extent) break;
      out -= out_stride[u] * groups[u].extent;
      index[u] = 0;
    }
    if (g < 0) return;
  }
}

// Output elements of a chunk: the product of its kept extents.
inline std::int64_t kept_size(const Shape& shape, const Shape& reduced) {
  std::int64_t m = 1;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (reduced[a] == 0) m *= shape[a];
  }
  return m;
}

// Input elements behind each output element: the product of its reduced extents.
inline std::int64_t reduced_size(const Shape& shape, const Shape& reduced) {
  std::int64_t n = 1;
  for (std::size_t a = 0; a < shape.size(); ++a) {
    if (reduced[a] != 0) n *= shape[a];
  }
  return n;
}

}  // namespace dtask::array::detail
