// Column: one typed column of a dataframe partition: int64, float64, bool or string values, each
// row valid or missing (pandas' NA). Strings are stored as Arrow stores them, one byte buffer and
// size + 1 offsets, so that millions of short strings cost two allocations, not millions.
//
//   dtask::Column c(dtask::ColumnType::string);
//   c.append_string("A1B2");
//   c.append_null();
//   c.string_at(0);   // "A1B2"
//   c.is_valid(1);    // false
//
// Builders append; once a column is part of a task's result (a Value) nobody writes to it.
// A missing row holds the type's zero (0, 0.0, false, "") so that kernels may read every row and
// consult validity only where the answer depends on it.
#pragma once

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dtask/core/error.hpp>
#include <dtask/core/raw_form.hpp>
#include <dtask/core/size_of.hpp>

namespace dtask {

enum class ColumnType : std::uint8_t { int64, float64, boolean, string };

// pandas' names: "int64", "float64", "bool", "string".
std::string_view to_string(ColumnType type);
// The inverse of to_string; throws ValueError naming the accepted names.
ColumnType column_type_from_string(std::string_view name);

class Column;

// Columns cross ranks as their buffers: validity, values, string offsets and bytes
// (src/core/table_raw.cpp).
template <>
struct RawParts<Column> {
  static constexpr bool enabled = true;
  static void write(const Column& column, RawWriter& out);
  static void read(RawReader& in, Column& column);
};

class Column {
 public:
  explicit Column(ColumnType type = ColumnType::float64);
  static Column of(std::vector<std::int64_t> values);
  static Column of(std::vector<double> values);
  static Column of_bools(std::vector<std::uint8_t> values);
  static Column of(const std::vector<std::string>& values);

  ColumnType type() const noexcept { return type_; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  std::size_t nbytes() const noexcept;

  // Validity: every row is valid until a null is appended or set.
  bool has_nulls() const noexcept { return !valid_.empty(); }
  bool is_valid(std::size_t row) const noexcept { return valid_.empty() || valid_[row] != 0; }
  std::size_t null_count() const noexcept;
  // Marks rows invalid where mask is 0 (mask has size() entries); an all-valid mask clears it.
  void set_validity(std::vector<std::uint8_t> mask);
  const std::vector<std::uint8_t>& validity() const noexcept { return valid_; }

  // Typed storage. The accessor of another type throws TypeError.
  std::span<const std::int64_t> int64s() const { check(ColumnType::int64); return ints_; }
  std::span<const double> float64s() const { check(ColumnType::float64); return floats_; }
  std::span<const std::uint8_t> bools() const { check(ColumnType::boolean); return bools_; }
  std::string_view string_at(std::size_t row) const {
    return {chars_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]};
  }
  std::span<const std::uint64_t> string_offsets() const { check(ColumnType::string); return offsets_; }
  const std::string& string_bytes() const { check(ColumnType::string); return chars_; }

  // A row as a double (int64, float64 and bool columns; a string column throws).
  double number_at(std::size_t row) const;
  // A row as pandas prints it: "NaN"/"<NA>" for missing, floats to 6 significant digits.
  std::string format_at(std::size_t row) const;

  // Appending (builders only).
  void reserve(std::size_t rows, std::size_t string_bytes = 0);
  void append_int64(std::int64_t v) { ints_.push_back(v); grow(); }
  void append_float64(double v) { floats_.push_back(v); grow(); }
  void append_bool(bool v) { bools_.push_back(v ? 1 : 0); grow(); }
  void append_string(std::string_view s) {
    chars_.append(s);
    offsets_.push_back(chars_.size());
    grow();
  }
  void append_null();
  // Row `row` of other (of the same type), valid or not.
  void append_from(const Column& other, std::size_t row);
  // Mutable typed storage for kernels that fill a column in bulk; call resize() first.
  std::vector<std::int64_t>& int64s_mut() { check(ColumnType::int64); return ints_; }
  std::vector<double>& float64s_mut() { check(ColumnType::float64); return floats_; }
  std::vector<std::uint8_t>& bools_mut() { check(ColumnType::boolean); return bools_; }
  // Fixed-width columns: size rows, contents of the new rows uninitialised zeros.
  void resize(std::size_t rows);
  // No rows and no nulls again, the storage kept for the next rows (a batch buffer refilled).
  void clear() noexcept;

  // New columns from rows of this one.
  Column take(std::span<const std::uint32_t> rows) const;  // rows in the given order
  // As take, where an entry of no_row gives a missing row (the unmatched side of a join).
  static constexpr std::uint32_t no_row = 0xffffffffU;
  Column take_or_null(std::span<const std::uint32_t> rows) const;
  Column filter(std::span<const std::uint8_t> keep) const;  // rows where keep is non-zero
  Column slice(std::size_t begin, std::size_t end) const;
  static Column concat(std::span<const Column* const> parts);  // all of one type

  // Same type, size, validity and values (NaN equals NaN).
  friend bool operator==(const Column& a, const Column& b);

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & type_ & size_ & valid_;
    switch (type_) {
      case ColumnType::int64: ar & ints_; break;
      case ColumnType::float64: ar & floats_; break;
      case ColumnType::boolean: ar & bools_; break;
      case ColumnType::string: ar & offsets_ & chars_; break;
    }
  }

 private:
  friend struct RawParts<Column>;  // sizes the storage of a received column and fills it in place

  void check(ColumnType wanted) const {
    if (type_ != wanted) throw_type_mismatch(wanted);
  }
  [[noreturn]] void throw_type_mismatch(ColumnType wanted) const;
  void grow() {
    ++size_;
    if (!valid_.empty()) valid_.push_back(1);
  }

  ColumnType type_;
  std::size_t size_ = 0;
  std::vector<std::uint8_t> valid_;  // empty: all valid
  std::vector<std::int64_t> ints_;
  std::vector<double> floats_;
  std::vector<std::uint8_t> bools_;
  std::vector<std::uint64_t> offsets_{0};  // strings: row i is chars_[offsets_[i], offsets_[i+1])
  std::string chars_;
};

template <>
struct SizeOf<Column> {
  static std::size_t of(const Column& c) { return c.nbytes(); }
};

}  // namespace dtask
