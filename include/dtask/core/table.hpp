// Table: one dataframe partition in memory, named columns of equal length. The first
// index_width() columns are the index (pandas' row labels: the group keys of a groupby, the
// column of set_index); with none, rows are labelled 0, 1, 2, ... as pandas' RangeIndex.
//
//   dtask::Table t;
//   t.add_column("reviewerID", dtask::Column::of(std::vector<std::string>{"A", "B"}));
//   t.add_column("overall", dtask::Column::of(std::vector<double>{5.0, 3.0}));
//   t.column("overall").float64s()[1];   // 3.0
//   std::cout << t;                      // as pandas prints a frame
//
// A Table holds its columns through shared pointers to immutable Columns: copying a table,
// selecting columns or persisting it shares the columns' data instead of copying it, and a
// column is never written once it is in a table. Tasks return tables as Values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <dtask/core/column.hpp>

namespace dtask {

// The names, types and index width of a table's columns: what a lazy DataFrame knows of its
// partitions without computing them (Dask's "meta").
struct Schema {
  std::vector<std::string> names;
  std::vector<ColumnType> types;
  std::size_t index_width = 0;

  std::size_t size() const noexcept { return names.size(); }
  // The position of a column; throws ValueError naming the columns there are.
  std::size_t position(std::string_view name) const;
  bool contains(std::string_view name) const noexcept;
  ColumnType type_of(std::string_view name) const { return types[position(name)]; }
  friend bool operator==(const Schema&, const Schema&) = default;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) { ar & names & types & index_width; }
};

class Table;

// Tables cross ranks as their shape, names and column layouts plus every column's buffers, and so
// do vectors of tables (src/core/table_raw.cpp).
template <>
struct RawParts<Table> {
  static constexpr bool enabled = true;
  static void write(const Table& table, RawWriter& out);
  static void read(RawReader& in, Table& table);
};

class Table {
 public:
  Table() = default;
  // An empty table of a schema.
  explicit Table(const Schema& schema);

  std::size_t rows() const noexcept { return rows_; }
  std::size_t width() const noexcept { return columns_.size(); }
  std::size_t index_width() const noexcept { return index_width_; }
  std::size_t nbytes() const noexcept;
  Schema schema() const;
  const std::vector<std::string>& names() const noexcept { return names_; }

  const Column& column(std::size_t position) const { return *columns_[position]; }
  const Column& column(std::string_view name) const { return *columns_[position(name)]; }
  // The column itself, to put it into another table without copying it.
  const std::shared_ptr<const Column>& shared_column(std::size_t position) const { return columns_[position]; }
  std::size_t position(std::string_view name) const;  // throws ValueError for an unknown name
  bool contains(std::string_view name) const noexcept;

  // Appends a column (of rows() values, or any length while the table has no columns).
  void add_column(std::string name, Column column);
  void add_column(std::string name, std::shared_ptr<const Column> column);
  // Replaces a column of that name, or appends one.
  void set_column(std::string name, Column column);
  void set_column(std::string name, std::shared_ptr<const Column> column);
  // The first n columns become the index.
  void set_index_width(std::size_t n);

  // New tables from rows of this one; columns and index kept.
  Table take(std::span<const std::uint32_t> rows) const;
  Table filter(std::span<const std::uint8_t> keep) const;
  Table slice(std::size_t begin, std::size_t end) const;
  Table head(std::size_t n) const { return slice(0, n < rows_ ? n : rows_); }
  // Only these columns, in this order (the index columns are kept first).
  Table select(std::span<const std::string> names) const;
  // The rows of every part, in order; all parts of one schema (an empty list gives empty).
  static Table concat(std::span<const Table* const> parts);

  // As pandas prints a frame: a header line, then up to max_rows rows (the first and last
  // halves with "..." between when there are more), then "[N rows x M columns]" when cut.
  std::string to_string(std::size_t max_rows = 60) const;

  friend bool operator==(const Table& a, const Table& b);

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & names_ & index_width_ & rows_;
    // The columns by value: Boost's shared-pointer tracking is not wanted across messages.
    for (std::size_t i = 0; i < names_.size(); ++i) {
      if constexpr (Archive::is_saving::value) {
        ar << *columns_[i];
      } else {
        auto column = std::make_shared<Column>();
        ar >> *column;
        columns_.push_back(std::move(column));
      }
    }
  }

 private:
  friend struct RawParts<Table>;  // builds a received table's columns in place

  std::vector<std::string> names_;
  std::vector<std::shared_ptr<const Column>> columns_;
  std::size_t index_width_ = 0;
  std::size_t rows_ = 0;
};

std::ostream& operator<<(std::ostream& out, const Table& table);

template <>
struct SizeOf<Table> {
  static std::size_t of(const Table& t) { return t.nbytes(); }
};

}  // namespace dtask
