// read_csv: the files of a path or glob, cut into byte ranges, one task per range. The types
// come from the first file's sample on the caller; each task ships the path, its range and a
// small spec of the columns to parse. The frame keeps its plan as a ColumnSource, so that a
// column selection re-emits the read with only the selected columns.
#include <dtask/dataframe/read_csv.hpp>

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <memory>

#include <dtask/core/function.hpp>

#include "../io/csv_read.hpp"

namespace dtask::dataframe {

namespace {

namespace fs = std::filesystem;

constexpr std::int64_t max_default_blocksize = 64 * 1024 * 1024;
// Below this a partition is not worth a task of its own: small files (a lookup table to
// broadcast in a merge) stay whole.
constexpr std::int64_t min_default_blocksize = 8 * 1024 * 1024;

Table read_partition(const std::string& path, std::int64_t begin, std::int64_t end,
                     const io::CsvReadSpec& spec) {
  return io::read_csv_range(path, begin, end, spec).table;
}

// Only the count is wanted: the range streams through one reused batch.
std::int64_t count_partition_bad_rows(const std::string& path, std::int64_t begin, std::int64_t end,
                                      const io::CsvReadSpec& spec) {
  io::CsvRangeReader reader(path, begin, end, spec);
  std::vector<Column> batch;
  while (reader.next(batch, 65536) > 0) {
  }
  return reader.bad_rows();
}

const Function& read_function =
    register_function("dataframe.read_csv", &read_partition, "read_csv");
const Function& bad_rows_function =
    register_function("dataframe.count_bad_rows", &count_partition_bad_rows, "count_bad_rows");

struct ByteRange {
  std::string path;
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

// What every frame of one read_csv call shares: the ranges and the spec of every column that
// may be read (after usecols, in file order).
struct CsvPlan {
  std::vector<ByteRange> ranges;
  io::CsvReadSpec spec;
};

std::vector<std::string> expand(const std::string& path_or_glob) {
  if (path_or_glob.find_first_of("*?[") == std::string::npos) return {path_or_glob};
  glob_t found{};
  const int status = ::glob(path_or_glob.c_str(), 0, nullptr, &found);  // sorted
  std::vector<std::string> paths(found.gl_pathv, found.gl_pathv + found.gl_pathc);
  ::globfree(&found);
  if (status == GLOB_NOMATCH || paths.empty())
    DTASK_THROW(IoError, "no files match " + path_or_glob);
  if (status != 0) DTASK_THROW(IoError, "cannot list the files of " + path_or_glob);
  return paths;
}

std::int64_t size_of_file(const std::string& path) {
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error) DTASK_THROW(IoError, "cannot open " + path + ": " + error.message());
  if (size == 0) DTASK_THROW(IoError, path + ": file is empty");
  return static_cast<std::int64_t>(size);
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "'" : ", '") + name + "'";
  return out;
}

std::size_t field_of(const std::vector<std::string>& names, const std::string& name,
                     const char* what) {
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    DTASK_THROW(ValueError, std::string(what) + " names no column '" + name + "': the file has " +
                                listed(names));
  }
  return static_cast<std::size_t>(it - names.begin());
}

// The default: at most 64 MB, and a multiple of the compute threads in all, unless that would
// make partitions smaller than 8 MB.
std::int64_t blocksize_for(std::int64_t total, const CsvOptions& options) {
  if (options.blocksize > 0) return options.blocksize;
  const auto threads =
      static_cast<std::int64_t>(std::max(1u, sched::default_scheduler().parallelism()));
  std::int64_t parts = (total + max_default_blocksize - 1) / max_default_blocksize;
  parts = (parts + threads - 1) / threads * threads;
  parts = std::min(parts, std::max<std::int64_t>(1, total / min_default_blocksize));
  return std::max<std::int64_t>(1, (total + parts - 1) / parts);
}

std::shared_ptr<const CsvPlan> plan_read(const std::string& path_or_glob,
                                         const CsvOptions& options) {
  if (options.blocksize < 0) DTASK_THROW(ValueError, "read_csv: blocksize must not be negative");
  const auto line_break = [](char c) { return c == '\n' || c == '\r'; };
  if (line_break(options.delimiter) || line_break(options.quote) ||
      options.delimiter == options.quote) {
    DTASK_THROW(ValueError,
                "read_csv: the delimiter and the quote must differ and be no line break");
  }
  const std::vector<std::string> paths = expand(path_or_glob);
  io::CsvFormat format{options.delimiter, options.quote, options.na_values, options.skip_bad_rows};
  const io::CsvLayout layout =
      io::inspect_csv(paths.front(), format, options.header, options.sample_bytes);
  std::vector<std::string> names = layout.names;
  if (!options.names.empty()) {
    if (options.names.size() != names.size()) {
      DTASK_THROW(ValueError, "read_csv: " + std::to_string(options.names.size()) +
                                  " names for the " + std::to_string(names.size()) + " fields of " +
                                  paths.front());
    }
    names = options.names;
  }
  std::vector<ColumnType> types = layout.types;
  for (const auto& [name, type] : options.dtype) types[field_of(names, name, "dtype")] = type;
  std::vector<bool> used(names.size(), options.usecols.empty());
  for (const std::string& name : options.usecols) used[field_of(names, name, "usecols")] = true;
  // Without rows there is nothing to infer a type from: an empty frame needs every type given.
  for (std::size_t f = 0; f < names.size() && !layout.has_rows; ++f) {
    if (used[f] && !options.dtype.contains(names[f])) {
      DTASK_THROW(IoError, paths.front() + ": a header but no rows, so the column types cannot be " +
                               "inferred; give a dtype for every column to read it as an empty frame");
    }
  }

  auto plan = std::make_shared<CsvPlan>();
  plan->spec.format = std::move(format);
  plan->spec.header = options.header;
  if (paths.size() > 1) plan->spec.expected_header = layout.header;
  plan->spec.field_count = static_cast<std::int32_t>(names.size());
  for (std::size_t f = 0; f < names.size(); ++f) {
    if (used[f]) plan->spec.columns.push_back({names[f], static_cast<std::int32_t>(f), types[f]});
  }
  std::vector<std::int64_t> sizes;
  std::int64_t total = 0;
  for (const std::string& path : paths) total += sizes.emplace_back(size_of_file(path));
  const std::int64_t blocksize = blocksize_for(total, options);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    for (std::int64_t begin = 0; begin < sizes[i]; begin += blocksize) {
      plan->ranges.push_back({paths[i], begin, std::min(begin + blocksize, sizes[i])});
    }
  }
  return plan;
}

DataFrame frame_of(const std::shared_ptr<const CsvPlan>& plan,
                   const std::vector<io::CsvColumnSpec>& columns);

class CsvColumnSource : public ColumnSource {
 public:
  explicit CsvColumnSource(std::shared_ptr<const CsvPlan> plan) : plan_(std::move(plan)) {}

  DataFrame with_columns(const std::vector<std::string>& names) const override {
    std::vector<io::CsvColumnSpec> columns;
    for (const std::string& name : names) {
      const auto it = std::find_if(plan_->spec.columns.begin(), plan_->spec.columns.end(),
                                   [&](const io::CsvColumnSpec& c) { return c.name == name; });
      if (it == plan_->spec.columns.end())
        DTASK_THROW(ValueError, "no column '" + name + "' in the CSV frame");
      columns.push_back(*it);
    }
    return frame_of(plan_, columns);
  }

 private:
  std::shared_ptr<const CsvPlan> plan_;
};

DataFrame frame_of(const std::shared_ptr<const CsvPlan>& plan,
                   const std::vector<io::CsvColumnSpec>& columns) {
  io::CsvReadSpec spec = plan->spec;
  spec.columns = columns;
  Schema schema;
  for (const io::CsvColumnSpec& c : columns) {
    schema.names.push_back(c.name);
    schema.types.push_back(c.type);
  }
  const Value spec_value(std::move(spec));
  const auto n = static_cast<std::int64_t>(plan->ranges.size());
  const DataFrame frame = make_frame("read_csv", std::move(schema), n, {}, [&](std::int64_t i) {
    const ByteRange& range = plan->ranges[static_cast<std::size_t>(i)];
    return Task(read_function,
                {Value(range.path), Value(range.begin), Value(range.end), spec_value});
  });
  return DataFrame(frame.graph(), frame.name(), frame.meta(), frame.npartitions(),
                   std::make_shared<CsvColumnSource>(plan));
}

}  // namespace

DataFrame read_csv(const std::string& path_or_glob, const CsvOptions& options) {
  const std::shared_ptr<const CsvPlan> plan = plan_read(path_or_glob, options);
  return frame_of(plan, plan->spec.columns);
}

std::int64_t count_bad_rows(const std::string& path_or_glob, const CsvOptions& options) {
  CsvOptions counting = options;
  counting.skip_bad_rows = true;
  const std::shared_ptr<const CsvPlan> plan = plan_read(path_or_glob, counting);
  const std::string name = unique_name("count_bad_rows");
  const Value spec(plan->spec);
  Layer::Tasks tasks;
  std::vector<Key> keys;
  for (std::size_t i = 0; i < plan->ranges.size(); ++i) {
    const ByteRange& range = plan->ranges[i];
    keys.push_back(Key(name, {static_cast<std::int32_t>(i)}));
    tasks.emplace_back(keys.back(), Task(bad_rows_function, {Value(range.path), Value(range.begin),
                                                             Value(range.end), spec}));
  }
  const Graph graph(std::make_shared<const Layer>(name, std::move(tasks)));
  std::int64_t total = 0;
  for (const Value& v : sched::default_scheduler().get(graph, keys)) total += v.get<std::int64_t>();
  return total;
}

}  // namespace dtask::dataframe
