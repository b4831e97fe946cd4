// A file's layout from its first bytes: the header's names and the types of the sample's rows.
#include <algorithm>

#include <dtask/core/error.hpp>

#include "csv_file.hpp"
#include "csv_read.hpp"
#include "csv_values.hpp"

namespace dtask::io {

namespace {

constexpr std::size_t max_fields = 1 << 16;

// What the sample's values of one column allow.
struct ColumnEvidence {
  bool any_value = false;
  bool all_int = true;
  bool all_float = true;
  bool all_bool = true;

  void add(std::string_view field) {
    any_value = true;
    std::int64_t i;
    double d;
    bool b;
    if (all_int) all_int = parse_int64(field, i);
    if (all_float) all_float = parse_float64(field, d);
    if (all_bool) all_bool = parse_bool(field, b);
  }

  ColumnType type(bool has_rows) const {
    if (!has_rows) return ColumnType::string;
    if (!any_value) return ColumnType::float64;
    if (all_int) return ColumnType::int64;
    if (all_float) return ColumnType::float64;
    if (all_bool) return ColumnType::boolean;
    return ColumnType::string;
  }
};

// pandas' names for a header: "Unnamed: i" for an empty one, "x.1", "x.2" for repeats.
std::vector<std::string> header_names(std::span<const std::string_view> fields) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string name = fields[i].empty() ? "Unnamed: " + std::to_string(i) : std::string(fields[i]);
    const std::string base = name;
    for (int repeat = 1; std::find(names.begin(), names.end(), name) != names.end(); ++repeat) {
      name = base + "." + std::to_string(repeat);
    }
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

CsvLayout inspect_csv(const std::string& path, const CsvFormat& format, bool header,
                      std::int64_t sample_bytes) {
  const CsvFile file(path);
  if (file.size() == 0) DTASK_THROW(IoError, path + ": file is empty");
  CsvLayout layout;
  layout.size = file.size();
  std::vector<std::string_view> fields(max_fields + 1);
  // The sample grows until it holds the whole first line.
  for (std::int64_t bytes = std::max<std::int64_t>(sample_bytes, 1);; bytes *= 2) {
    CsvBuffer sample;
    file.read(sample, 0, bytes);
    const bool whole = static_cast<std::int64_t>(sample.size()) == file.size();
    CsvScanner scan(sample.begin(), sample.end(), format.delimiter, format.quote, whole);
    std::size_t count = 0;
    const CsvScanner::Status first = scan.next(fields, count);
    if (first == CsvScanner::Status::incomplete) continue;
    if (first == CsvScanner::Status::unterminated_quote) {
      DTASK_THROW(IoError, path + ":1:" + std::to_string(scan.field_begin() - sample.begin() + 1) +
                               ": a quoted field is not closed before the end of the file");
    }
    if (count > max_fields)
      DTASK_THROW(IoError, path + ":1:1: more than " + std::to_string(max_fields) + " fields");
    const std::span<const std::string_view> first_fields(fields.data(), count);
    std::vector<ColumnEvidence> evidence(count);
    if (header) {
      layout.header.assign(first_fields.begin(), first_fields.end());
      layout.names = header_names(first_fields);
    } else {
      for (std::size_t i = 0; i < count; ++i) layout.names.push_back(std::to_string(i));
    }
    const NaMatcher na(format.na_values);
    const auto observe = [&] {
      if (count != evidence.size() || (count == 1 && fields[0].empty()))
        return;  // the parser reports it
      layout.has_rows = true;
      for (std::size_t i = 0; i < count; ++i) {
        if (!na(fields[i])) evidence[i].add(fields[i]);
      }
    };
    if (!header) observe();
    while (scan.next(fields, count) == CsvScanner::Status::record) observe();
    for (const ColumnEvidence& e : evidence) layout.types.push_back(e.type(layout.has_rows));
    return layout;
  }
}

}  // namespace dtask::io
