// A groupby's partial step fused with read_csv: each byte range is parsed batch by batch into
// a few reused columns and aggregated batch by batch, so that a worker never holds the parsed
// partition (for 64 MB of reviews, 40 MB of columns written and read again).
#include "groupby_csv.hpp"

#include "groupby_accumulate.hpp"

namespace dtask::dataframe {

namespace {

// Rows per batch: the batch's columns (about 0.4 MB for the reviews' key and value) stay in
// the core's cache between the parse and the aggregation.
constexpr std::size_t batch_rows = 16384;

GroupPack groupby_partial_csv(const std::string& path, std::int64_t begin, std::int64_t end,
                              const io::CsvReadSpec& spec, const GroupPlan& plan) {
  io::CsvRangeReader reader(path, begin, end, spec);
  GroupAccumulator groups(plan, schema_of(spec));
  std::vector<Column> batch;
  std::vector<const Column*> columns;
  while (reader.next(batch, batch_rows) > 0) {
    columns.clear();
    for (const Column& c : batch) columns.push_back(&c);
    groups.add(columns, reader.expected_rows());
  }
  return groups.finish();
}

const Function& partial_csv_function =
    register_function("dataframe.groupby_partial_csv", &groupby_partial_csv);

}  // namespace

std::function<Task(std::int64_t)> csv_partial_tasks(const DataFrame& frame, const GroupPlan& plan) {
  std::shared_ptr<const CsvRead> read = csv_read_of(frame);
  if (!read || !GroupAccumulator::supports(plan, frame.meta())) return {};
  const Value spec(read->spec), plan_value(plan);
  return [read, spec, plan_value](std::int64_t i) {
    const CsvByteRange& range = read->ranges[static_cast<std::size_t>(i)];
    return Task(partial_csv_function, {Value(range.path), Value(range.begin), Value(range.end), spec, plan_value});
  };
}

}  // namespace dtask::dataframe
