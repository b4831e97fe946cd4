// read_csv and to_csv under the default scheduler (workers at np > 1, which parse and write
// their partitions themselves): the same tables as the sync scheduler, errors back on rank 0.
#include <gtest/gtest.h>

#include <dtask/dataframe/read_csv.hpp>

#include "csv_testing.hpp"
#include "frame_testing.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::testing::ScratchDirectory;

std::string reviews_like(int rows) {
  std::string text = "reviewerID,asin,overall,unixReviewTime,note\n";
  for (int i = 0; i < rows; ++i) {
    text += "A" + std::to_string(i * 7919 % 101) + ",B" + std::to_string(i % 13) + "," +
            std::to_string(i % 5 + 1) + ".0," + std::to_string(1000000000 + i) + "," +
            (i % 4 == 0 ? "" : "\"n, " + std::to_string(i) + "\"") + (i % 3 ? "\n" : "\r\n");
  }
  return text;
}

TEST(ReadCsvMpi, PartitionsParsedOnWorkersGiveTheSyncTable) {
  ScratchDirectory dir;
  const dd::DataFrame frame =
      dd::read_csv(dir.write("r.csv", reviews_like(2000)), {.blocksize = 4096});
  ASSERT_GT(frame.npartitions(), 5);
  const dtask::Table expected = dd::testing::compute_sync(frame);
  EXPECT_EQ(expected.rows(), 2000u);
  EXPECT_EQ(frame.compute(), expected);
  const std::vector<std::string> two{"overall", "reviewerID"};
  EXPECT_EQ(frame[two].compute(), expected.select(two));
}

TEST(ReadCsvMpi, ToCsvWrittenByWorkersReadsBackTheSame) {
  ScratchDirectory dir;
  const dd::DataFrame frame =
      dd::read_csv(dir.write("r.csv", reviews_like(1000)), {.blocksize = 3000});
  const dtask::Table expected = frame.compute();
  frame.to_csv(dir.path("one.csv"));
  EXPECT_EQ(dd::read_csv(dir.path("one.csv")).compute(), expected);
  frame.to_csv(dir.path("part-*.csv"));
  std::vector<const dtask::Table*> parts;
  std::vector<dtask::Table> tables;
  for (std::int64_t i = 0; i < frame.npartitions(); ++i) {
    tables.push_back(dd::read_csv(dir.path("part-" + std::to_string(i) + ".csv")).compute());
  }
  for (const auto& t : tables) parts.push_back(&t);
  EXPECT_EQ(dtask::Table::concat(parts), expected);
}

TEST(ReadCsvMpi, AMalformedRowFailsTheComputeWithItsPlace) {
  ScratchDirectory dir;
  std::string text = reviews_like(500);
  text += "A1,B2,oops,1,\n";
  const std::string path = dir.write("bad.csv", text);
  const dd::DataFrame frame = dd::read_csv(path, {.blocksize = 2048, .sample_bytes = 4096});
  try {
    frame.compute();
    FAIL() << "no error";
  } catch (const dtask::Error& e) {
    EXPECT_NE(
        std::string(e.what()).find(path + ":502:7: 'oops' is not a float64 (column 'overall')"),
        std::string::npos)
        << e.what();
  }
  EXPECT_EQ(dd::count_bad_rows(path, {.blocksize = 2048, .sample_bytes = 4096}), 1);
}

}  // namespace
