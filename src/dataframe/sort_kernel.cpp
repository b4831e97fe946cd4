#include "sort_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace dtask::dataframe {

namespace {

template <class T>
int three_way(T x, T y) {
  return x < y ? -1 : (y < x ? 1 : 0);
}

// One fixed-width column: sort (value, row) pairs of the present rows, then append the missing
// ones; equal values stay in row order because the row breaks the tie.
template <class T>
std::vector<std::uint32_t> sort_numbers(const Column& column, std::span<const T> values,
                                        bool ascending) {
  std::vector<std::pair<T, std::uint32_t>> present;
  std::vector<std::uint32_t> missing;
  present.reserve(values.size());
  for (std::size_t r = 0; r < values.size(); ++r) {
    if (sorts_as_missing(column, r))
      missing.push_back(static_cast<std::uint32_t>(r));
    else
      present.emplace_back(values[r], static_cast<std::uint32_t>(r));
  }
  if (ascending) {
    std::sort(present.begin(), present.end());
  } else {
    std::sort(present.begin(), present.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
  }
  std::vector<std::uint32_t> order;
  order.reserve(values.size());
  for (const auto& p : present) order.push_back(p.second);
  order.insert(order.end(), missing.begin(), missing.end());
  return order;
}

// The bytes [from, from + 8) of s as a big-endian number, zero-padded: integer order is byte order.
std::uint64_t word_at(std::string_view s, std::size_t from) {
  std::uint64_t w = 0;
  for (std::size_t b = from; b < std::min(s.size(), from + 8); ++b) {
    w |= std::uint64_t{static_cast<unsigned char>(s[b])} << (56 - 8 * (b - from));
  }
  return w;
}

// One string column: (first sixteen bytes as two big-endian numbers, row) tuples sorted, so that
// short ids compare as integers within the tuple array; equal prefixes compare the rest of the
// strings, then the rows (for stability). The missing rows follow.
std::vector<std::uint32_t> sort_strings(const Column& column, bool ascending) {
  const std::uint64_t* offsets = column.string_offsets().data();
  const char* bytes = column.string_bytes().data();
  const auto text = [&](std::uint32_t r) {
    return std::string_view(bytes + offsets[r], offsets[r + 1] - offsets[r]);
  };
  struct Keyed {
    std::uint64_t high, low;
    std::uint32_t row;
  };
  std::vector<Keyed> present;
  std::vector<std::uint32_t> missing;
  present.reserve(column.size());
  for (std::uint32_t r = 0; r < column.size(); ++r) {
    if (!column.is_valid(r)) {
      missing.push_back(r);
      continue;
    }
    const std::string_view s = text(r);
    present.push_back(Keyed{word_at(s, 0), word_at(s, 8), r});
  }
  const int direction = ascending ? 1 : -1;
  std::sort(present.begin(), present.end(), [&](const Keyed& x, const Keyed& y) {
    int c = three_way(x.high, y.high);
    if (c == 0) c = three_way(x.low, y.low);
    if (c == 0) {
      const std::string_view a = text(x.row), b = text(y.row);
      c = a.size() <= 16 && b.size() <= 16
              ? three_way(a.size(), b.size())
              : a.substr(std::min<std::size_t>(16, a.size()))
                    .compare(b.substr(std::min<std::size_t>(16, b.size())));
    }
    c *= direction;
    return c < 0 || (c == 0 && x.row < y.row);
  });
  std::vector<std::uint32_t> order;
  order.reserve(column.size());
  for (const Keyed& k : present) order.push_back(k.row);
  order.insert(order.end(), missing.begin(), missing.end());
  return order;
}

}  // namespace

bool sorts_as_missing(const Column& column, std::size_t i) {
  return !column.is_valid(i) ||
         (column.type() == ColumnType::float64 && std::isnan(column.float64s()[i]));
}

int compare_rows(const Column& a, std::size_t i, const Column& b, std::size_t j, bool ascending) {
  const bool ma = sorts_as_missing(a, i), mb = sorts_as_missing(b, j);
  if (ma || mb) return static_cast<int>(ma) - static_cast<int>(mb);
  int c = 0;
  switch (a.type()) {
    case ColumnType::int64:
      c = three_way(a.int64s()[i], b.int64s()[j]);
      break;
    case ColumnType::float64:
      c = three_way(a.float64s()[i], b.float64s()[j]);
      break;
    case ColumnType::boolean:
      c = three_way(a.bools()[i], b.bools()[j]);
      break;
    case ColumnType::string:
      c = a.string_at(i).compare(b.string_at(j));
      c = (c > 0) - (c < 0);
      break;
  }
  return ascending ? c : -c;
}

std::vector<std::uint32_t> sorted_order(const Table& table, std::span<const std::size_t> by,
                                        bool ascending) {
  if (by.size() == 1) {
    const Column& column = table.column(by[0]);
    if (column.type() == ColumnType::int64) return sort_numbers(column, column.int64s(), ascending);
    if (column.type() == ColumnType::float64)
      return sort_numbers(column, column.float64s(), ascending);
    if (column.type() == ColumnType::string) return sort_strings(column, ascending);
  }
  std::vector<std::uint32_t> order(table.rows());
  std::iota(order.begin(), order.end(), 0U);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    for (std::size_t c : by) {
      const Column& column = table.column(c);
      const int cmp = compare_rows(column, x, column, y, ascending);
      if (cmp != 0) return cmp < 0;
    }
    return false;
  });
  return order;
}

}  // namespace dtask::dataframe
