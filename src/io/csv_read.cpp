// The partition parser: the range is read window by window into one buffer and each window is
// scanned once. A row's fields are converted into a staging row first and appended only when
// all of them parse, so a bad row (skip_bad_rows) never leaves half a row behind. It parses at
// most so many rows per call and keeps its place (window, scanner, counts) between calls:
// read_csv_range asks once for every row, CsvRangeReader batch by batch.
#include "csv_read.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include <dtask/core/error.hpp>
#include <dtask/core/log.hpp>

#include "csv_file.hpp"
#include "csv_values.hpp"

namespace dtask::io {

namespace {

// Rows after which string columns reserve their bytes from the average so far.
constexpr std::size_t string_estimate_rows = 1024;

struct StagedValue {
  std::int64_t integer = 0;
  double real = 0.0;
  bool missing = false;
};

// Empty columns of the spec's types, in batch's storage when it has their shape already.
void clear_batch(std::vector<Column>& batch, const std::vector<CsvColumnSpec>& columns) {
  const bool same_shape =
      batch.size() == columns.size() &&
      std::equal(batch.begin(), batch.end(), columns.begin(),
                 [](const Column& c, const CsvColumnSpec& spec) { return c.type() == spec.type; });
  if (same_shape) {
    for (Column& c : batch) c.clear();
    return;
  }
  batch.clear();
  for (const CsvColumnSpec& c : columns) batch.emplace_back(c.type);
}

class PartitionParser {
 public:
  PartitionParser(const std::string& path, std::int64_t begin, std::int64_t end,
                  const CsvReadSpec& spec, std::int64_t window)
      : file_(path),
        begin_(begin),
        end_(std::min(end, file_.size())),
        window_(std::max<std::int64_t>(window, 1)),
        spec_(spec),
        na_(spec.format.na_values),
        fields_(static_cast<std::size_t>(spec.field_count) + 1),
        staged_(spec.columns.size()) {}

  const CsvReadSpec& spec() const noexcept { return spec_; }
  std::int64_t bad_rows() const noexcept { return bad_rows_; }
  std::size_t expected_rows() const noexcept { return rows_estimate_; }

  // Appends at most max_rows rows to columns (empty, one per spec column, of its type); returns
  // how many, 0 once the range is done.
  std::size_t parse(std::vector<Column>& columns, std::size_t max_rows) {
    if (!started_) start();
    if (!scan_) return 0;
    const std::size_t rows_wanted = std::min(max_rows, rows_estimate_);
    for (Column& c : columns) c.reserve(rows_wanted);
    CsvScanner& scan = *scan_;
    std::size_t rows = 0;
    while (rows < max_rows) {
      if (!next(scan) || offset_of(scan.record_begin()) >= end_) {
        finish();
        break;
      }
      const std::size_t count = count_;
      if (count == 1 && fields_[0].empty()) continue;  // a blank line, skipped as pandas does
      if (count != static_cast<std::size_t>(spec_.field_count)) {
        wrong_field_count(scan, count);
        continue;
      }
      if (!stage_row()) continue;
      commit_row(columns);
      if (++rows == string_estimate_rows) reserve_strings(columns, rows_wanted);
    }
    return rows;
  }

 private:
  // Once: the first line that begins in the range (from one byte before begin, to see whether a
  // line starts at begin), the row estimate, and the header of the file's first range.
  void start() {
    started_ = true;
    if (begin_ >= end_) return;
    fill(begin_ == 0 ? 0 : begin_ - 1, 0);
    char* start = buffer_.begin();
    while (begin_ > 0) {
      auto* newline = static_cast<char*>(std::memchr(buffer_.begin(), '\n', buffer_.size()));
      if (newline != nullptr) {
        start = newline + 1;
        break;
      }
      if (at_eof()) return;
      fill(base_ + static_cast<std::int64_t>(buffer_.size()), 0);
    }
    if (offset_of(start) >= end_) return;
    estimate_rows(start);
    scan_.emplace(scanner(start));
    if (spec_.header && begin_ == 0) {
      if (next(*scan_))
        check_header();
      else
        finish();  // asked again, the scanner would count an unclosed quote twice
    }
  }

  // The range is done: no scanner any more, and the skipped rows said once.
  void finish() {
    scan_.reset();
    if (bad_rows_ > 0) {
      DTASK_LOG(warn, file_.path() << ": skipped " << bad_rows_ << " malformed rows in bytes ["
                                   << begin_ << ", " << end_ << ")");
    }
  }

  // Reads the window at offset: keep bytes already seen (a record to scan again) and about
  // window_ more, fewer near the end of the range (the last line only needs its own bytes).
  void fill(std::int64_t offset, std::size_t keep) {
    const std::int64_t wanted =
        std::clamp<std::int64_t>(end_ - offset, std::min<std::int64_t>(window_, 4096), window_);
    base_ = offset;
    file_.read(buffer_, offset,
               static_cast<std::int64_t>(keep) +
                   std::max<std::int64_t>(wanted, static_cast<std::int64_t>(keep)));
  }

  bool at_eof() const { return base_ + static_cast<std::int64_t>(buffer_.size()) >= file_.size(); }

  CsvScanner scanner(char* from) {
    return CsvScanner(from, buffer_.end(), spec_.format.delimiter, spec_.format.quote, at_eof());
  }

  // The next record into fields_ and count_; false at the end. A record that runs past the
  // window is read again from its start with the next window (from the file: the scanner has
  // unescaped its quoted fields in place).
  bool next(CsvScanner& scan) {
    for (;;) {
      switch (scan.next(fields_, count_)) {
        case CsvScanner::Status::record:
          return true;
        case CsvScanner::Status::end:
          return false;
        case CsvScanner::Status::incomplete:
          fill(offset_of(scan.record_begin()),
               static_cast<std::size_t>(buffer_.end() - scan.record_begin()));
          scan = scanner(buffer_.begin());
          continue;
        case CsvScanner::Status::unterminated_quote:
          bad_row(scan.field_begin(), "a quoted field is not closed before the end of the file");
          return false;
      }
    }
  }

  void check_header() {
    const std::vector<std::string>& expected = spec_.expected_header;
    if (expected.empty()) return;
    const bool same = count_ == expected.size() &&
                      std::equal(expected.begin(), expected.end(), fields_.begin(),
                                 [](const std::string& e, std::string_view f) { return e == f; });
    if (same) return;
    std::string names;
    for (const std::string& e : expected) names += (names.empty() ? "" : ",") + e;
    DTASK_THROW(IoError, file_.path() + ":1:1: the header is not the first file's (" + names + ")");
  }

  void wrong_field_count(const CsvScanner& scan, std::size_t count) {
    const auto expected = static_cast<std::size_t>(spec_.field_count);
    const char* where = count > expected ? fields_[expected].data() : scan.position() - 1;
    bad_row(where,
            "expected " + std::to_string(expected) + " fields, found " + std::to_string(count));
  }

  // Converts the row's fields; false (after bad_row) when one does not parse.
  bool stage_row() {
    for (std::size_t j = 0; j < spec_.columns.size(); ++j) {
      const CsvColumnSpec& column = spec_.columns[j];
      const std::string_view field = fields_[static_cast<std::size_t>(column.field)];
      StagedValue& v = staged_[j];
      v.missing = na_(field) || (field.empty() && column.type != ColumnType::string);
      if (v.missing) continue;
      bool parsed = true;
      switch (column.type) {
        case ColumnType::int64:
          parsed = parse_int64(field, v.integer);
          break;
        case ColumnType::float64:
          parsed = parse_float64(field, v.real);
          break;
        case ColumnType::boolean: {
          bool b = false;
          parsed = parse_bool(field, b);
          v.integer = b;
          break;
        }
        case ColumnType::string:
          break;
      }
      if (!parsed) {
        bad_row(field.data(), "'" + std::string(field) + "' is not " + article(column.type) +
                                  " (column '" + column.name + "')");
        return false;
      }
    }
    return true;
  }

  void commit_row(std::vector<Column>& columns) {
    for (std::size_t j = 0; j < spec_.columns.size(); ++j) {
      const StagedValue& v = staged_[j];
      Column& c = columns[j];
      if (v.missing) {
        c.append_null();
        continue;
      }
      switch (c.type()) {
        case ColumnType::int64:
          c.append_int64(v.integer);
          break;
        case ColumnType::float64:
          c.append_float64(v.real);
          break;
        case ColumnType::boolean:
          c.append_bool(v.integer != 0);
          break;
        case ColumnType::string:
          c.append_string(fields_[static_cast<std::size_t>(spec_.columns[j].field)]);
          break;
      }
    }
  }

  static std::string article(ColumnType type) {
    return type == ColumnType::int64 ? "an int64" : "a " + std::string(to_string(type));
  }

  // Counts the row (skip_bad_rows) or throws "path:line:column: what" for the byte at where.
  void bad_row(const char* where, const std::string& what) {
    if (spec_.format.skip_bad_rows) {
      ++bad_rows_;
      return;
    }
    const char* line_start = where;
    while (line_start > buffer_.begin() && line_start[-1] != '\n') --line_start;
    const std::int64_t line = file_.newlines_before(offset_of(where)) + 1;
    DTASK_THROW(IoError, file_.path() + ":" + std::to_string(line) + ":" +
                             std::to_string(where - line_start + 1) + ": " + what);
  }

  // Rows from the density of lines in the first bytes; string bytes later (reserve_strings).
  void estimate_rows(const char* start) {
    const auto bytes = static_cast<std::size_t>(end_ - offset_of(start));
    const std::size_t sample =
        std::min<std::size_t>({bytes, 64 * 1024, static_cast<std::size_t>(buffer_.end() - start)});
    if (sample == 0) {  // the window ends here; a line begins here, growth will do for the rest
      rows_estimate_ = 1;
      return;
    }
    const auto lines = static_cast<std::size_t>(std::count(start, start + sample, '\n')) + 1;
    rows_estimate_ = bytes * lines / sample + lines;
  }

  // String bytes for rows_wanted rows from the average of the rows in the columns so far.
  static void reserve_strings(std::vector<Column>& columns, std::size_t rows_wanted) {
    for (Column& c : columns) {
      if (c.type() != ColumnType::string) continue;
      const std::size_t per_row = c.string_bytes().size() / c.size() + 1;
      c.reserve(rows_wanted, per_row * rows_wanted + per_row * rows_wanted / 8);
    }
  }

  std::int64_t offset_of(const char* p) const { return base_ + (p - buffer_.begin()); }

  const CsvFile file_;
  const std::int64_t begin_;
  const std::int64_t end_;
  const std::int64_t window_;
  const CsvReadSpec spec_;
  const NaMatcher na_;
  std::vector<std::string_view> fields_;  // one more than field_count: the first extra field
  std::size_t count_ = 0;
  std::vector<StagedValue> staged_;
  CsvBuffer buffer_;
  std::int64_t base_ = 0;  // file offset of buffer_.begin()
  bool started_ = false;
  std::optional<CsvScanner> scan_;  // over buffer_, from the first line on; none once done
  std::size_t rows_estimate_ = 0;
  std::int64_t bad_rows_ = 0;
};

}  // namespace

// The parser itself stays in the anonymous namespace: GCC inlines its row functions, each called
// once, into the loop only while they are local to this file.
class CsvRangeReader::Parser : public PartitionParser {
  using PartitionParser::PartitionParser;
};

CsvRangeReader::CsvRangeReader(const std::string& path, std::int64_t begin, std::int64_t end,
                               const CsvReadSpec& spec, std::int64_t window_bytes)
    : parser_(std::make_unique<Parser>(path, begin, end, spec, window_bytes)) {}

CsvRangeReader::~CsvRangeReader() = default;
CsvRangeReader::CsvRangeReader(CsvRangeReader&&) noexcept = default;
CsvRangeReader& CsvRangeReader::operator=(CsvRangeReader&&) noexcept = default;

std::size_t CsvRangeReader::next(std::vector<Column>& batch, std::size_t max_rows) {
  if (max_rows == 0) DTASK_THROW(ValueError, "CsvRangeReader::next: max_rows must be at least 1");
  clear_batch(batch, parser_->spec().columns);
  return parser_->parse(batch, max_rows);
}

std::int64_t CsvRangeReader::bad_rows() const noexcept { return parser_->bad_rows(); }

std::size_t CsvRangeReader::expected_rows() const noexcept { return parser_->expected_rows(); }

CsvPartition read_csv_range(const std::string& path, std::int64_t begin, std::int64_t end,
                            const CsvReadSpec& spec, std::int64_t window_bytes) {
  // One batch of every row: reserved for the whole range from the row estimate.
  CsvRangeReader reader(path, begin, end, spec, window_bytes);
  std::vector<Column> columns;
  reader.next(columns, std::numeric_limits<std::size_t>::max());
  CsvPartition out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    out.table.add_column(spec.columns[j].name, std::move(columns[j]));
  }
  out.bad_rows = reader.bad_rows();
  return out;
}

}  // namespace dtask::io
