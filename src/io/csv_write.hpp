// Tables to CSV text as pandas' to_csv writes it: a header line, the index columns first (when
// asked), floats in their shortest form that reads back to the same double ("0.1", "5.0",
// "1e-05"), missing values as empty fields, True/False, and strings quoted (with doubled
// quotes) when they hold the delimiter, the quote or a line break.
//
//   std::string text;
//   append_csv(table, CsvWriteFormat{}, text);
//   write_file("out.csv", text);
#pragma once

#include <string>
#include <vector>

#include <dtask/core/table.hpp>

namespace dtask::io {

struct CsvWriteFormat {
  char delimiter = ',';
  char quote = '"';
  bool header = true;
  bool index = true;  // write the table's index columns

  template <class Archive>
  void serialize(Archive& ar, unsigned /*version*/) { ar & delimiter & quote & header & index; }
};

void append_csv(const Table& table, const CsvWriteFormat& format, std::string& out);

// Creates (or replaces) path with the text; IoError naming the path when it cannot.
void write_file(const std::string& path, const std::string& text);
// Appends the files' bytes, in order, to a new file at path (replacing one), and removes them.
void concatenate_files(const std::vector<std::string>& parts, const std::string& path);

}  // namespace dtask::io
