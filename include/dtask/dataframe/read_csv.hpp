// dtask::dataframe::read_csv: a lazy frame of one or more CSV files, as dd.read_csv. Files are
// cut into byte ranges of about blocksize bytes, split at line ends; each partition is read and
// parsed by the worker that runs its task. Column types are inferred from the first rows of the
// first file (or given), on the caller, when the frame is built. A file of a header only gives
// a frame of no rows whose columns are strings (pandas says object).
//
//   auto data = dd::read_csv("reviews-*.csv");
//   auto two = dd::read_csv("reviews.csv", {.usecols = {"reviewerID", "overall"}});
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <dtask/dataframe/dataframe.hpp>

namespace dtask::dataframe {

struct CsvOptions {
  // Bytes per partition; 0: at most 64 MB, and as many partitions as a multiple of the
  // scheduler's compute threads, so that every thread gets a share (but none below 8 MB).
  std::int64_t blocksize = 0;
  char delimiter = ',';
  char quote = '"';
  bool header = true;                      // the first line names the columns
  // "= {}": a designated initialiser may leave a member out without -Wmissing-field-initializers.
  std::vector<std::string> names = {};           // column names when header is false
  std::vector<std::string> usecols = {};         // read only these (all when empty)
  std::map<std::string, ColumnType> dtype = {};  // types given instead of inferred
  // Fields that mean a missing value (pandas' defaults).
  std::vector<std::string> na_values = {"", "NA", "N/A", "NaN", "nan", "NULL", "null", "n/a", "<NA>"};
  bool skip_bad_rows = false;              // drop (and count) malformed rows instead of failing
  std::int64_t sample_bytes = 256 * 1024;  // read to infer types (Dask's sample)
};

DataFrame read_csv(const std::string& path_or_glob, const CsvOptions& options = {});

// The rows read_csv(path_or_glob, options) would find malformed (too many or too few fields, a
// value that does not parse as its column's type), counted by parsing every partition on the
// workers. With skip_bad_rows, read_csv drops these rows and each partition logs its count as a
// warning; this gives the total:
//
//   auto data = dd::read_csv("reviews.csv", {.skip_bad_rows = true});
//   std::int64_t dropped = dd::count_bad_rows("reviews.csv", {.skip_bad_rows = true});
std::int64_t count_bad_rows(const std::string& path_or_glob, const CsvOptions& options = {});

}  // namespace dtask::dataframe
