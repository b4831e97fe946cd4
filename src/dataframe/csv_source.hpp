// What a frame of read_csv reads, for the tasks that read it themselves: a groupby's partial
// aggregation streams each byte range instead of taking the parsed partition.
//
//   if (std::shared_ptr<const CsvRead> read = csv_read_of(frame))
//     for (const CsvByteRange& range : read->ranges) ... io::CsvRangeReader(range.path, range.begin, range.end, read->spec)
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <dtask/dataframe/dataframe.hpp>

#include "../io/csv_read.hpp"

namespace dtask::dataframe {

struct CsvByteRange {
  std::string path;
  std::int64_t begin = 0;
  std::int64_t end = 0;
};

// Partition i of the frame is ranges[i] parsed with spec (the frame's columns, in its order).
struct CsvRead {
  std::vector<CsvByteRange> ranges;
  io::CsvReadSpec spec;
};

// The read behind frame when frame is read_csv's or a column selection of it, else null.
std::shared_ptr<const CsvRead> csv_read_of(const DataFrame& frame);

// The schema of the table a range parsed with spec gives.
Schema schema_of(const io::CsvReadSpec& spec);

}  // namespace dtask::dataframe
