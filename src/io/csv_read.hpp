// Reading CSV files into dtask::Tables: the layout of a file (its column names and the types
// its first bytes suggest) and the parse of one byte range of it, which is one partition.
//
//   CsvFormat format;                                       // ',' '"', pandas' na_values
//   CsvLayout layout = inspect_csv("reviews.csv", format, /*header=*/true, 256 * 1024);
//   CsvReadSpec spec{format, true, layout.names.size(), {{"overall", 2, ColumnType::float64}}};
//   CsvPartition part = read_csv_range("reviews.csv", 0, 1 << 26, spec);
//   CsvRangeReader reader("reviews.csv", 0, 1 << 26, spec);  // the same rows, batch by batch
//
// Byte ranges: the range [begin, end) holds the lines that begin in it (a line begins at byte 0
// or after a '\n'), each read to its end even past `end`; the first range of a file with a
// header skips that line. Consecutive ranges therefore hold every line exactly once. A quoted
// field may hold a newline, but a range boundary must not fall inside one (as Dask's rule).
//
// Errors are IoErrors "path:line:column: what" (line and column from 1, the column in bytes
// of the line). With skip_bad_rows a malformed row is dropped and counted instead.
#pragma once

#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dtask/core/table.hpp>

namespace dtask::io {

struct CsvFormat {
  char delimiter = ',';
  char quote = '"';
  std::vector<std::string> na_values = {"",     "NA",   "N/A", "NaN", "nan",
                                        "NULL", "null", "n/a", "<NA>"};
  bool skip_bad_rows = false;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) { ar & delimiter & quote & na_values & skip_bad_rows; }
};

// One column to read: its name in the table, its field number in the file, its type.
struct CsvColumnSpec {
  std::string name;
  std::int32_t field = 0;
  ColumnType type = ColumnType::string;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) { ar & name & field & type; }
};

// What a partition's task needs besides the path and the range (a small literal).
struct CsvReadSpec {
  CsvFormat format;
  bool header = true;                  // the file's first line names the columns
  std::int32_t field_count = 0;        // fields of every row
  std::vector<CsvColumnSpec> columns;  // in table order; other fields are only scanned
  // The header every file must have (the first file's, as written), when header is true and
  // there are several files.
  std::vector<std::string> expected_header;

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) {
    ar & format & header & field_count & columns & expected_header;
  }
};

struct CsvLayout {
  std::vector<std::string> names;  // from the header (pandas' renaming of duplicates), or 0, 1, ...
  std::vector<std::string> header;  // the header's fields as written (empty without one)
  // Per column, from the rows of the sample: int64 if every present value is an integer, else
  // float64 if every one is a number, else bool if every one is True/False, else string;
  // float64 when every value is missing; string when the sample has no rows at all.
  std::vector<ColumnType> types;
  std::int64_t size = 0;  // of the file in bytes
  bool has_rows = false;
};

// Throws IoError for a missing or empty file ("file is empty") or a malformed header.
CsvLayout inspect_csv(const std::string& path, const CsvFormat& format, bool header,
                      std::int64_t sample_bytes);

struct CsvPartition {
  Table table;
  std::int64_t bad_rows = 0;  // dropped (skip_bad_rows)
};

// window_bytes: read at a time (one buffer, reused; tests pass tiny ones).
CsvPartition read_csv_range(const std::string& path, std::int64_t begin, std::int64_t end,
                            const CsvReadSpec& spec, std::int64_t window_bytes = 1 << 20);

// The rows of one byte range (the same rows, in the same order, with the same errors and
// skipped-row counts as read_csv_range), batch by batch into columns the caller reuses: memory
// for one batch, not the whole range.
//
//   CsvRangeReader reader(path, begin, end, spec);
//   std::vector<Column> batch;                    // one per spec.columns, made by next()
//   while (reader.next(batch, 16384) > 0) { ... } // batch[j] holds spec.columns[j]
//
// The reader owns the open file, its window buffer and a copy of spec.
class CsvRangeReader {
 public:
  CsvRangeReader(const std::string& path, std::int64_t begin, std::int64_t end,
                 const CsvReadSpec& spec, std::int64_t window_bytes = 1 << 20);
  ~CsvRangeReader();
  CsvRangeReader(CsvRangeReader&&) noexcept;
  CsvRangeReader& operator=(CsvRangeReader&&) noexcept;
  // Clears batch (Column::clear keeps the storage; the vector is resized to one column per
  // spec.columns, of their types, when it does not match) and appends the next at most max_rows
  // rows (max_rows >= 1); returns how many, 0 when the range is done.
  std::size_t next(std::vector<Column>& batch, std::size_t max_rows);
  std::int64_t bad_rows() const noexcept;  // skipped so far (skip_bad_rows)
  // Rows the whole range is expected to hold, from the density of lines in its first bytes
  // (0 before the first next()); a hint for sizing hash tables, not a count.
  std::size_t expected_rows() const noexcept;

 private:
  class Parser;
  std::unique_ptr<Parser> parser_;
};

}  // namespace dtask::io
