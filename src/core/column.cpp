#include <dtask/core/column.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace dtask {

namespace {

constexpr std::array<std::string_view, 4> type_names = {"int64", "float64", "bool", "string"};

// pandas' default display: 6 significant digits, a trailing ".0" kept for whole numbers.
std::string format_float(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  std::string s = text;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

template <class T>
std::vector<T> gather(const std::vector<T>& values, std::span<const std::uint32_t> rows) {
  std::vector<T> out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = values[rows[i]];
  return out;
}

template <class T>
std::vector<T> keep_where(const std::vector<T>& values, std::span<const std::uint8_t> keep) {
  std::vector<T> out;
  out.reserve(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (keep[i]) out.push_back(values[i]);
  }
  return out;
}

}  // namespace

std::string_view to_string(ColumnType type) { return type_names[static_cast<std::size_t>(type)]; }

ColumnType column_type_from_string(std::string_view name) {
  for (std::size_t i = 0; i < type_names.size(); ++i) {
    if (type_names[i] == name) return static_cast<ColumnType>(i);
  }
  if (name == "object" || name == "str") return ColumnType::string;
  if (name == "float" || name == "double") return ColumnType::float64;
  if (name == "int") return ColumnType::int64;
  DTASK_THROW(ValueError, "unknown column type '" + std::string(name) +
                              "': expected int64, float64, bool or string");
}

Column::Column(ColumnType type) : type_(type) {}

Column Column::of(std::vector<std::int64_t> values) {
  Column c(ColumnType::int64);
  c.size_ = values.size();
  c.ints_ = std::move(values);
  return c;
}

Column Column::of(std::vector<double> values) {
  Column c(ColumnType::float64);
  c.size_ = values.size();
  c.floats_ = std::move(values);
  return c;
}

Column Column::of_bools(std::vector<std::uint8_t> values) {
  Column c(ColumnType::boolean);
  c.size_ = values.size();
  c.bools_ = std::move(values);
  return c;
}

Column Column::of(const std::vector<std::string>& values) {
  Column c(ColumnType::string);
  std::size_t bytes = 0;
  for (const auto& s : values) bytes += s.size();
  c.reserve(values.size(), bytes);
  for (const auto& s : values) c.append_string(s);
  return c;
}

std::size_t Column::nbytes() const noexcept {
  return sizeof(Column) + valid_.size() + ints_.size() * sizeof(std::int64_t) +
         floats_.size() * sizeof(double) + bools_.size() +
         offsets_.size() * sizeof(std::uint64_t) + chars_.size();
}

std::size_t Column::null_count() const noexcept {
  return valid_.empty() ? 0 : static_cast<std::size_t>(std::count(valid_.begin(), valid_.end(), 0));
}

void Column::set_validity(std::vector<std::uint8_t> mask) {
  if (mask.size() != size_) {
    DTASK_THROW(ValueError, "a validity mask of " + std::to_string(mask.size()) +
                                " rows for a column of " + std::to_string(size_));
  }
  const bool all_valid = std::all_of(mask.begin(), mask.end(), [](std::uint8_t v) { return v != 0; });
  if (all_valid) valid_.clear(); else valid_ = std::move(mask);
}

double Column::number_at(std::size_t row) const {
  switch (type_) {
    case ColumnType::int64: return static_cast<double>(ints_[row]);
    case ColumnType::float64: return floats_[row];
    case ColumnType::boolean: return bools_[row] ? 1.0 : 0.0;
    case ColumnType::string: break;
  }
  DTASK_THROW(TypeError, "a string column has no numeric values");
}

std::string Column::format_at(std::size_t row) const {
  if (!is_valid(row)) return type_ == ColumnType::float64 ? "NaN" : "<NA>";
  switch (type_) {
    case ColumnType::int64: return std::to_string(ints_[row]);
    case ColumnType::float64: return format_float(floats_[row]);
    case ColumnType::boolean: return bools_[row] ? "True" : "False";
    case ColumnType::string: return std::string(string_at(row));
  }
  return {};
}

void Column::reserve(std::size_t rows, std::size_t string_bytes) {
  switch (type_) {
    case ColumnType::int64: ints_.reserve(rows); break;
    case ColumnType::float64: floats_.reserve(rows); break;
    case ColumnType::boolean: bools_.reserve(rows); break;
    case ColumnType::string:
      offsets_.reserve(rows + 1);
      chars_.reserve(string_bytes);
      break;
  }
}

void Column::append_null() {
  if (valid_.empty()) valid_.assign(size_, 1);
  switch (type_) {
    case ColumnType::int64: ints_.push_back(0); break;
    case ColumnType::float64: floats_.push_back(0.0); break;
    case ColumnType::boolean: bools_.push_back(0); break;
    case ColumnType::string: offsets_.push_back(chars_.size()); break;
  }
  ++size_;
  valid_.push_back(0);
}

void Column::append_from(const Column& other, std::size_t row) {
  other.check(type_);
  if (!other.is_valid(row)) {
    append_null();
    return;
  }
  switch (type_) {
    case ColumnType::int64: append_int64(other.ints_[row]); break;
    case ColumnType::float64: append_float64(other.floats_[row]); break;
    case ColumnType::boolean: append_bool(other.bools_[row] != 0); break;
    case ColumnType::string: append_string(other.string_at(row)); break;
  }
}

void Column::resize(std::size_t rows) {
  switch (type_) {
    case ColumnType::int64: ints_.resize(rows); break;
    case ColumnType::float64: floats_.resize(rows); break;
    case ColumnType::boolean: bools_.resize(rows); break;
    case ColumnType::string: DTASK_THROW(TypeError, "a string column cannot be resized; append to it");
  }
  if (!valid_.empty()) valid_.resize(rows, 1);
  size_ = rows;
}

void Column::clear() noexcept {
  valid_.clear();
  ints_.clear();
  floats_.clear();
  bools_.clear();
  chars_.clear();
  if (type_ == ColumnType::string) offsets_.assign(1, 0);
  size_ = 0;
}

Column Column::take(std::span<const std::uint32_t> rows) const {
  Column out(type_);
  out.size_ = rows.size();
  switch (type_) {
    case ColumnType::int64: out.ints_ = gather(ints_, rows); break;
    case ColumnType::float64: out.floats_ = gather(floats_, rows); break;
    case ColumnType::boolean: out.bools_ = gather(bools_, rows); break;
    case ColumnType::string: {
      // Offsets first, then the bytes copied into place: no growth checks per row.
      out.offsets_.resize(rows.size() + 1);
      std::uint64_t end = 0;
      for (std::size_t i = 0; i < rows.size(); ++i) {
        end += offsets_[rows[i] + 1] - offsets_[rows[i]];
        out.offsets_[i + 1] = end;
      }
      out.chars_.resize(end);
      char* into = out.chars_.data();
      for (std::size_t i = 0; i < rows.size(); ++i) {
        std::memcpy(into + out.offsets_[i], chars_.data() + offsets_[rows[i]], out.offsets_[i + 1] - out.offsets_[i]);
      }
      break;
    }
  }
  if (!valid_.empty()) out.set_validity(gather(valid_, rows));
  return out;
}

Column Column::take_or_null(std::span<const std::uint32_t> rows) const {
  const bool any_missing = std::find(rows.begin(), rows.end(), no_row) != rows.end();
  if (!any_missing) return take(rows);
  Column out(type_);
  out.size_ = rows.size();
  std::vector<std::uint8_t> valid(rows.size());
  const auto fill = [&](const auto& values, auto& into) {
    into.resize(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t r = rows[i];
      const bool present = r != no_row;
      into[i] = present ? values[r] : 0;
      valid[i] = present && is_valid(r);
    }
  };
  switch (type_) {
    case ColumnType::int64: fill(ints_, out.ints_); break;
    case ColumnType::float64: fill(floats_, out.floats_); break;
    case ColumnType::boolean: fill(bools_, out.bools_); break;
    case ColumnType::string: {
      out.offsets_.reserve(rows.size() + 1);
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::uint32_t r = rows[i];
        const bool present = r != no_row;
        if (present) out.chars_.append(string_at(r));
        out.offsets_.push_back(out.chars_.size());
        valid[i] = present && is_valid(r);
      }
      break;
    }
  }
  out.set_validity(std::move(valid));
  return out;
}

Column Column::filter(std::span<const std::uint8_t> keep) const {
  if (keep.size() != size_) {
    DTASK_THROW(ValueError, "a filter of " + std::to_string(keep.size()) + " rows for a column of " +
                                std::to_string(size_));
  }
  if (type_ == ColumnType::string) {
    std::vector<std::uint32_t> rows;
    rows.reserve(size_);
    for (std::size_t i = 0; i < size_; ++i) {
      if (keep[i]) rows.push_back(static_cast<std::uint32_t>(i));
    }
    return take(rows);
  }
  Column out(type_);
  out.size_ = static_cast<std::size_t>(std::count_if(keep.begin(), keep.end(), [](std::uint8_t k) { return k != 0; }));
  switch (type_) {
    case ColumnType::int64: out.ints_ = keep_where(ints_, keep); break;
    case ColumnType::float64: out.floats_ = keep_where(floats_, keep); break;
    case ColumnType::boolean: out.bools_ = keep_where(bools_, keep); break;
    case ColumnType::string: break;
  }
  if (!valid_.empty()) out.set_validity(keep_where(valid_, keep));
  return out;
}

Column Column::slice(std::size_t begin, std::size_t end) const {
  end = std::min(end, size_);
  begin = std::min(begin, end);
  Column out(type_);
  out.size_ = end - begin;
  switch (type_) {
    case ColumnType::int64: out.ints_.assign(ints_.begin() + begin, ints_.begin() + end); break;
    case ColumnType::float64: out.floats_.assign(floats_.begin() + begin, floats_.begin() + end); break;
    case ColumnType::boolean: out.bools_.assign(bools_.begin() + begin, bools_.begin() + end); break;
    case ColumnType::string: {
      const std::uint64_t first = offsets_[begin];
      out.chars_.assign(chars_, first, offsets_[end] - first);
      out.offsets_.resize(out.size_ + 1);
      for (std::size_t i = 0; i <= out.size_; ++i) out.offsets_[i] = offsets_[begin + i] - first;
      break;
    }
  }
  if (!valid_.empty()) {
    out.set_validity(std::vector<std::uint8_t>(valid_.begin() + begin, valid_.begin() + end));
  }
  return out;
}

Column Column::concat(std::span<const Column* const> parts) {
  if (parts.empty()) return Column();
  Column out(parts.front()->type_);
  std::size_t rows = 0, bytes = 0;
  bool nulls = false;
  for (const Column* p : parts) {
    p->check(out.type_);
    rows += p->size_;
    bytes += p->chars_.size();
    nulls = nulls || p->has_nulls();
  }
  out.reserve(rows, bytes);
  for (const Column* p : parts) {
    switch (out.type_) {
      case ColumnType::int64: out.ints_.insert(out.ints_.end(), p->ints_.begin(), p->ints_.end()); break;
      case ColumnType::float64: out.floats_.insert(out.floats_.end(), p->floats_.begin(), p->floats_.end()); break;
      case ColumnType::boolean: out.bools_.insert(out.bools_.end(), p->bools_.begin(), p->bools_.end()); break;
      case ColumnType::string: {
        const std::uint64_t base = out.chars_.size();
        out.chars_.append(p->chars_);
        for (std::size_t i = 1; i < p->offsets_.size(); ++i) out.offsets_.push_back(base + p->offsets_[i]);
        break;
      }
    }
  }
  out.size_ = rows;
  if (nulls) {
    std::vector<std::uint8_t> valid;
    valid.reserve(rows);
    for (const Column* p : parts) {
      if (p->has_nulls()) valid.insert(valid.end(), p->valid_.begin(), p->valid_.end());
      else valid.insert(valid.end(), p->size_, 1);
    }
    out.set_validity(std::move(valid));
  }
  return out;
}

bool operator==(const Column& a, const Column& b) {
  if (a.type_ != b.type_ || a.size_ != b.size_) return false;
  for (std::size_t i = 0; i < a.size_; ++i) {
    if (a.is_valid(i) != b.is_valid(i)) return false;
    if (!a.is_valid(i)) continue;
    switch (a.type_) {
      case ColumnType::int64:
        if (a.ints_[i] != b.ints_[i]) return false;
        break;
      case ColumnType::float64: {
        const double x = a.floats_[i], y = b.floats_[i];
        if (!(x == y || (std::isnan(x) && std::isnan(y)))) return false;
        break;
      }
      case ColumnType::boolean:
        if (a.bools_[i] != b.bools_[i]) return false;
        break;
      case ColumnType::string:
        if (a.string_at(i) != b.string_at(i)) return false;
        break;
    }
  }
  return true;
}

void Column::throw_type_mismatch(ColumnType wanted) const {
  DTASK_THROW(TypeError, "a column of " + std::string(to_string(type_)) + " values was read as " +
                             std::string(to_string(wanted)));
}

}  // namespace dtask
