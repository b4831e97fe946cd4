#include <dtask/core/row_hash.hpp>

#include <algorithm>
#include <bit>
#include <cmath>

namespace dtask {

namespace {

constexpr std::uint64_t null_hash = 0x2545f4914f6cdd1dULL;

std::uint64_t hash_double(double v) noexcept {
  if (v == 0.0) v = 0.0;  // -0.0 == 0.0
  if (std::isnan(v)) return 0x7ff8000000000000ULL;
  return hash_int64(std::bit_cast<std::int64_t>(v));
}

bool values_equal(const Column& a, std::size_t i, const Column& b, std::size_t j) noexcept {
  const bool va = a.is_valid(i), vb = b.is_valid(j);
  if (!va || !vb) return va == vb;
  switch (a.type()) {
    case ColumnType::int64: return a.int64s()[i] == b.int64s()[j];
    case ColumnType::float64: {
      const double x = a.float64s()[i], y = b.float64s()[j];
      return x == y || (std::isnan(x) && std::isnan(y));
    }
    case ColumnType::boolean: return a.bools()[i] == b.bools()[j];
    case ColumnType::string: return a.string_at(i) == b.string_at(j);
  }
  return false;
}

}  // namespace

std::uint64_t hash_value(const Column& column, std::size_t row) noexcept {
  if (!column.is_valid(row)) return null_hash;
  switch (column.type()) {
    case ColumnType::int64: return hash_int64(column.int64s()[row]);
    case ColumnType::float64: return hash_double(column.float64s()[row]);
    case ColumnType::boolean: return hash_int64(column.bools()[row]);
    case ColumnType::string: return hash_bytes(column.string_at(row));
  }
  return 0;
}

void hash_rows(const Table& table, std::span<const std::size_t> columns, std::size_t begin,
               std::span<std::uint64_t> hashes) {
  std::fill(hashes.begin(), hashes.end(), 0);
  const auto combine = [&](auto&& hash_of_row) {
    for (std::size_t i = 0; i < hashes.size(); ++i) {
      hashes[i] = mix_hash(hashes[i] * 0x100000001b3ULL + hash_of_row(begin + i));
    }
  };
  // One loop per column type and validity: the hot loops of merge and groupby.
  for (std::size_t c : columns) {
    const Column& column = table.column(c);
    const auto valid = [&](std::size_t r, std::uint64_t h) { return column.is_valid(r) ? h : null_hash; };
    switch (column.type()) {
      case ColumnType::int64: {
        const auto v = column.int64s();
        if (column.has_nulls()) combine([&](std::size_t r) { return valid(r, hash_int64(v[r])); });
        else combine([&](std::size_t r) { return hash_int64(v[r]); });
        break;
      }
      case ColumnType::string: {
        const auto offsets = column.string_offsets();
        const char* bytes = column.string_bytes().data();
        const auto hash_of = [&](std::size_t r) {
          return hash_bytes({bytes + offsets[r], offsets[r + 1] - offsets[r]});
        };
        if (column.has_nulls()) combine([&](std::size_t r) { return valid(r, hash_of(r)); });
        else combine(hash_of);
        break;
      }
      default: combine([&](std::size_t r) { return hash_value(column, r); }); break;
    }
  }
}

std::vector<std::uint64_t> hash_rows(const Table& table, std::span<const std::size_t> columns) {
  std::vector<std::uint64_t> hashes(table.rows());
  hash_rows(table, columns, 0, hashes);
  return hashes;
}

bool rows_equal(const Table& a, std::size_t i, std::span<const std::size_t> ca, const Table& b,
                std::size_t j, std::span<const std::size_t> cb) noexcept {
  for (std::size_t k = 0; k < ca.size(); ++k) {
    const Column& x = a.column(ca[k]);
    const Column& y = b.column(cb[k]);
    if (x.type() != y.type() || !values_equal(x, i, y, j)) return false;
  }
  return true;
}

}  // namespace dtask
