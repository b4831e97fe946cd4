// read_csv and to_csv on temporary files: inference, usecols, dtype, globs, tiny blocksizes,
// column projection, bad input with its file:line:column message, files written back.
#include <gtest/gtest.h>

#include <cmath>

#include <dtask/dataframe/groupby.hpp>
#include <dtask/dataframe/merge.hpp>
#include <dtask/dataframe/read_csv.hpp>

#include "csv_testing.hpp"
#include "frame_testing.hpp"
#include "groupby_testing.hpp"

namespace {

using dtask::ColumnType;
using dtask::Table;
namespace dd = dtask::dataframe;
using dd::testing::compute_sync;
using dd::testing::ScratchDirectory;

// A file whose rows a naive loop can check: i, "name<i>", i / 4, i % 3 == 0, i missing in x
// every 7th row, names quoted with a comma every 5th.
std::string numbered_csv(int rows) {
  std::string text = "i,name,x,flag\n";
  for (int i = 0; i < rows; ++i) {
    text += std::to_string(i) + "," +
            (i % 5 == 0 ? "\"n," + std::to_string(i) + "\"" : "n" + std::to_string(i)) + ",";
    if (i % 7 != 3) text += std::to_string(i / 4.0);
    text += std::string(",") + (i % 3 == 0 ? "True" : "False") + (i % 2 ? "\r\n" : "\n");
  }
  return text;
}

void expect_numbered(const Table& t, int rows, int first = 0) {
  ASSERT_EQ(t.rows(), static_cast<std::size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    const int i = first + r;
    ASSERT_EQ(t.column("i").int64s()[r], i);
    ASSERT_EQ(t.column("name").string_at(r), (i % 5 == 0 ? "n," : "n") + std::to_string(i));
    ASSERT_EQ(t.column("x").is_valid(r), i % 7 != 3);
    if (i % 7 != 3) ASSERT_DOUBLE_EQ(t.column("x").float64s()[r], i / 4.0);
    ASSERT_EQ(t.column("flag").bools()[r], i % 3 == 0);
  }
}

std::string failure_of(const std::function<void()>& run) {
  try {
    run();
  } catch (const dtask::Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(ReadCsv, InfersTypesAndReadsEveryRow) {
  ScratchDirectory dir;
  const dd::DataFrame frame = dd::read_csv(dir.write("n.csv", numbered_csv(100)));
  EXPECT_EQ(frame.dtypes(),
            (std::vector<std::pair<std::string, ColumnType>>{{"i", ColumnType::int64},
                                                             {"name", ColumnType::string},
                                                             {"x", ColumnType::float64},
                                                             {"flag", ColumnType::boolean}}));
  expect_numbered(frame.compute(), 100);
}

TEST(ReadCsv, MorePartitionsThanRows) {
  ScratchDirectory dir;
  const std::string path = dir.write("n.csv", numbered_csv(5));
  for (std::int64_t blocksize : {1, 2, 3, 7, 1000}) {
    const dd::DataFrame frame = dd::read_csv(path, {.blocksize = blocksize});
    EXPECT_EQ(frame.npartitions(),
              (static_cast<std::int64_t>(numbered_csv(5).size()) + blocksize - 1) / blocksize);
    expect_numbered(compute_sync(frame), 5);
    expect_numbered(frame.compute(), 5);
  }
}

TEST(ReadCsv, GlobReadsFilesInSortedOrder) {
  ScratchDirectory dir;
  std::string second = "i,name,x,flag\n";
  const std::string all = numbered_csv(30);
  // Rows 0-19 in part-a, 20-29 in part-b (with its own header).
  std::size_t cut = 0;
  for (int line = 0; line <= 20; ++line) cut = all.find('\n', cut) + 1;
  dir.write("part-b.csv", second + all.substr(cut));
  dir.write("part-a.csv", all.substr(0, cut));
  const dd::DataFrame frame = dd::read_csv(dir.path("part-*.csv"), {.blocksize = 64});
  expect_numbered(frame.compute(), 30);
  // Files of another header are an error naming the file.
  dir.write("part-c.csv", "i,nom,x,flag\n1,a,2,True\n");
  const std::string message = failure_of([&] { dd::read_csv(dir.path("part-*.csv")).compute(); });
  EXPECT_NE(message.find(dir.path("part-c.csv") + ":1:1: the header is not the first file's (i,name,x,flag)"),
            std::string::npos)
      << message;
}

TEST(ReadCsv, DefaultBlocksizeGivesAMultipleOfTheThreadsButKeepsSmallFilesWhole) {
  ScratchDirectory dir;
  EXPECT_EQ(dd::read_csv(dir.write("small.csv", numbered_csv(50))).npartitions(), 1);
  const auto threads = static_cast<std::int64_t>(dtask::sched::default_scheduler().parallelism());
  std::string big = "a,b\n";
  while (big.size() < static_cast<std::size_t>(threads) * 9'000'000) big += "12345,67890\n";
  const dd::DataFrame frame = dd::read_csv(dir.write("big.csv", big));
  EXPECT_EQ(frame.npartitions() % threads, 0);
  EXPECT_GE(frame.npartitions(), threads);
}

TEST(ReadCsv, UsecolsAndDtype) {
  ScratchDirectory dir;
  const std::string path = dir.write("n.csv", numbered_csv(20));
  const dd::DataFrame frame =
      dd::read_csv(path, {.usecols = {"x", "i"}, .dtype = {{"i", ColumnType::float64}}});
  EXPECT_EQ(frame.dtypes(), (std::vector<std::pair<std::string, ColumnType>>{
                                {"i", ColumnType::float64}, {"x", ColumnType::float64}}));
  const Table t = frame.compute();
  for (std::size_t r = 0; r < t.rows(); ++r)
    EXPECT_EQ(t.column("i").float64s()[r], static_cast<double>(r));
  const dd::DataFrame strings =
      dd::read_csv(path, {.dtype = {{"i", ColumnType::string}, {"flag", ColumnType::string}}});
  const Table s = strings.compute();
  EXPECT_EQ(s.column("i").string_at(12), "12");
  EXPECT_EQ(s.column("flag").string_at(0), "True");
  EXPECT_NE(failure_of([&] {
              dd::read_csv(path, {.usecols = {"nope"}});
            }).find("usecols names no column 'nope'"),
            std::string::npos);
  EXPECT_NE(failure_of([&] {
              dd::read_csv(path, {.dtype = {{"y", ColumnType::int64}}});
            }).find("'y'"),
            std::string::npos);
  EXPECT_THROW(dd::read_csv(path, {.delimiter = '"'}), dtask::ValueError);
  EXPECT_THROW(dd::read_csv(path, {.blocksize = -1}), dtask::ValueError);
}

TEST(ReadCsv, ColumnSelectionParsesOnlyTheSelectedColumns) {
  ScratchDirectory dir;
  // Column b is int64 by its first rows and holds a word later: only frames that read b fail.
  std::string text = "a,b,c\n";
  for (int i = 0; i < 50; ++i)
    text += std::to_string(i) + "," + std::to_string(i) + ",c" + std::to_string(i) + "\n";
  text += "50,word,c50\n";
  const dd::DataFrame frame =
      dd::read_csv(dir.write("p.csv", text), {.blocksize = 100, .sample_bytes = 64});
  ASSERT_NE(frame.source(), nullptr);
  const dd::DataFrame ca = frame[std::vector<std::string>{"c", "a"}];
  EXPECT_EQ(ca.columns(), (std::vector<std::string>{"c", "a"}));
  EXPECT_NE(ca.source(), nullptr);
  const Table t = ca.compute();
  ASSERT_EQ(t.rows(), 51u);
  EXPECT_EQ(t.names(), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(t.column("c").string_at(50), "c50");
  EXPECT_EQ(t.column("a").int64s()[50], 50);
  EXPECT_NE(failure_of([&] { frame.compute(); }).find(":52:4: 'word' is not an int64 (column 'b')"),
            std::string::npos);
}

TEST(ReadCsv, GroupbyAndMergeParseOnlyTheColumnsTheyUse) {
  ScratchDirectory dir;
  // As above, b is int64 by its first rows and holds a word in the last: plans that never
  // read b succeed.
  std::string text = "a,b,c\n";
  std::vector<double> sums(4, 0.0);
  for (int i = 0; i < 60; ++i) {
    text += std::to_string(i % 4) + "," + std::to_string(i) + "," + std::to_string(i * 0.5) + "\n";
    sums[static_cast<std::size_t>(i % 4)] += i * 0.5;
  }
  text += "3,word,1\n";
  sums[3] += 1;
  const dd::CsvOptions small{.blocksize = 100, .sample_bytes = 64};
  const dd::DataFrame frame = dd::read_csv(dir.write("p.csv", text), small);
  const dd::DataFrame names = dd::read_csv(dir.write("n.csv", "a,name\n0,zero\n1,one\n2,two\n3,three\n"));

  const Table by_a = compute_sync(frame.groupby("a")["c"].sum());
  ASSERT_EQ(by_a.rows(), 4u);
  for (std::size_t g = 0; g < 4; ++g) {
    EXPECT_EQ(by_a.column("a").int64s()[g], static_cast<std::int64_t>(g));
    EXPECT_DOUBLE_EQ(by_a.column("c").float64s()[g], sums[g]);
  }
  // The groupby's projection reaches read_csv through the merge.
  const Table by_name = compute_sync(frame.merge(names, {.on = {"a"}}).groupby("name")["c"].sum());
  EXPECT_EQ(by_name.column("name").string_at(0), "one");
  EXPECT_DOUBLE_EQ(by_name.column("c").float64s()[0], sums[1]);
  EXPECT_EQ(by_name.column("name").string_at(3), "zero");
  EXPECT_DOUBLE_EQ(by_name.column("c").float64s()[3], sums[0]);

  const std::string not_an_int = ":62:3: 'word' is not an int64 (column 'b')";
  EXPECT_NE(failure_of([&] { compute_sync(frame.groupby("a")["b"].sum()); }).find(not_an_int),
            std::string::npos);
  EXPECT_NE(failure_of([&] { compute_sync(frame.merge(names, {.on = {"a"}})); }).find(not_an_int),
            std::string::npos);
}

TEST(ReadCsv, AGroupbyOfOddLinesInManyRangesMatchesTheNaiveReference) {
  ScratchDirectory dir;
  // Keys quoted with commas and longer than 16 bytes, CRLF lines, missing keys and values.
  std::string text = "k,n,x,b\r\n";
  for (int i = 0; i < 3000; ++i) {
    const int g = i * 7 % 101;
    if (i % 50 != 7) text += g % 4 == 0 ? "\"key, number " + std::to_string(g) + " of many\"" : "k" + std::to_string(g);
    text += "," + std::to_string(i % 9 - 4) + ",";
    if (i % 13 != 5) text += std::to_string(i * 0.25);
    text += std::string(",") + (i % 3 == 0 ? "True" : "False") + "\r\n";
  }
  const std::string path = dir.write("g.csv", text);
  const Table table = compute_sync(dd::read_csv(path));
  std::vector<dd::Aggregation> aggregations;
  for (const char* c : {"n", "x", "b"}) {
    for (dd::Agg a : {dd::Agg::sum, dd::Agg::mean, dd::Agg::count, dd::Agg::min, dd::Agg::max, dd::Agg::first, dd::Agg::last})
      aggregations.push_back({c, a, std::string(c) + "_" + std::to_string(static_cast<int>(a))});
  }
  aggregations.push_back({"", dd::Agg::size, "size"});
  for (std::int64_t blocksize : {std::int64_t{700}, std::int64_t{1} << 20}) {
    for (const char* key : {"k", "n"}) {
      const dd::DataFrame result = dd::read_csv(path, {.blocksize = blocksize}).groupby(key).agg(aggregations);
      dd::testing::expect_rows_near(dd::testing::rows_of(compute_sync(result)),
                                    dd::testing::naive_groupby(table, {key}, aggregations), true);
    }
  }
}

TEST(ReadCsv, HeaderOnlyNeedsEveryTypeGivenAndThenGivesAnEmptyFrame) {
  ScratchDirectory dir;
  const std::string path = dir.write("h.csv", "a,b\n");
  EXPECT_NE(failure_of([&] { dd::read_csv(path); }).find("h.csv: a header but no rows"), std::string::npos);
  const dd::DataFrame frame =
      dd::read_csv(path, {.dtype = {{"a", ColumnType::int64}, {"b", ColumnType::string}}});
  EXPECT_EQ(frame.dtypes(), (std::vector<std::pair<std::string, ColumnType>>{
                                {"a", ColumnType::int64}, {"b", ColumnType::string}}));
  const Table t = frame.compute();
  EXPECT_EQ(t.rows(), 0u);
  EXPECT_EQ(t.names(), (std::vector<std::string>{"a", "b"}));
}

TEST(ReadCsv, OtherDelimitersAndNaValues) {
  ScratchDirectory dir;
  const std::string path = dir.write("semi.csv", "a;b\n1;missing\n-;\"x;y\"\n");
  const Table t = dd::read_csv(path, {.delimiter = ';', .na_values = {"missing", "-"}}).compute();
  EXPECT_EQ(t.column("a").type(), ColumnType::int64);
  EXPECT_FALSE(t.column("a").is_valid(1));
  EXPECT_FALSE(t.column("b").is_valid(0));
  EXPECT_EQ(t.column("b").string_at(1), "x;y");
}

TEST(ReadCsv, NoHeaderTakesNames) {
  ScratchDirectory dir;
  const std::string path = dir.write("n.csv", "1,x\n2,y\n");
  const Table t = dd::read_csv(path, {.header = false, .names = {"k", "v"}}).compute();
  EXPECT_EQ(t.names(), (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(t.column("k").int64s()[1], 2);
  EXPECT_EQ(dd::read_csv(path, {.header = false}).columns(), (std::vector<std::string>{"0", "1"}));
}

TEST(ReadCsv, BadInputGetsOneClearMessage) {
  ScratchDirectory dir;
  EXPECT_EQ(failure_of([&] { dd::read_csv(dir.path("missing.csv")); }),
            "cannot open " + dir.path("missing.csv") + ": No such file or directory");
  EXPECT_EQ(failure_of([&] { dd::read_csv(dir.path("none-*.csv")); }),
            "no files match " + dir.path("none-*.csv"));
  const std::string empty = dir.write("empty.csv", "");
  EXPECT_EQ(failure_of([&] { dd::read_csv(empty); }), empty + ": file is empty");
  const struct {
    const char* text;
    ColumnType type;  // of b (given: the sample would see the bad value and choose string)
    const char* message;
  } cases[] = {
      {"a,b\n1,2\n3,4,5\n", ColumnType::int64, ":3:5: expected 2 fields, found 3"},
      {"a,b\n1,2\n3\n", ColumnType::int64, ":3:2: expected 2 fields, found 1"},
      {"a,b\n1,2\n3,x\n", ColumnType::int64, ":3:3: 'x' is not an int64 (column 'b')"},
      {"a,b\n1,2.5\n3,1e\n", ColumnType::float64, ":3:3: '1e' is not a float64 (column 'b')"},
      {"a,b\n1,True\n3,yes\n", ColumnType::boolean, ":3:3: 'yes' is not a bool (column 'b')"},
  };
  int n = 0;
  for (const auto& c : cases) {
    const std::string path = dir.write("bad" + std::to_string(n++) + ".csv", c.text);
    const dd::DataFrame frame = dd::read_csv(path, {.blocksize = 5, .dtype = {{"b", c.type}}});
    const std::string message = failure_of([&] { frame.compute(); });
    EXPECT_NE(message.find(path + c.message), std::string::npos) << message;
  }
}

TEST(ReadCsv, SkipBadRowsDropsThemAndCountBadRowsCountsThem) {
  ScratchDirectory dir;
  const std::string path = dir.write("skip.csv", "a,b\n1,2\n3\n4,x\n5,6,7\n8,9\n10,11\n");
  const dd::CsvOptions options{.blocksize = 9,
                               .dtype = {{"a", ColumnType::int64}, {"b", ColumnType::int64}},
                               .skip_bad_rows = true};
  const Table t = dd::read_csv(path, options).compute();
  EXPECT_EQ(t.column("a").int64s().size(), 3u);
  EXPECT_EQ(t.column("a").int64s()[1], 8);
  EXPECT_EQ(dd::count_bad_rows(path, options), 3);
  EXPECT_EQ(dd::count_bad_rows(path, {.dtype = options.dtype}), 3);  // counting never fails on them
}

TEST(ToCsv, OneFileAndOneFilePerPartitionReadBackTheSame) {
  ScratchDirectory dir;
  const dd::DataFrame frame =
      dd::read_csv(dir.write("n.csv", numbered_csv(40)), {.blocksize = 100});
  frame.to_csv(dir.path("one.csv"));
  expect_numbered(dd::read_csv(dir.path("one.csv")).compute(), 40);
  frame.to_csv(dir.path("out-*.csv"));
  EXPECT_TRUE(
      std::filesystem::exists(dir.path("out-" + std::to_string(frame.npartitions() - 1) + ".csv")));
  expect_numbered(dd::read_csv(dir.path("out-*.csv")).compute(),
                  40);  // sorted: fine below 10 parts
  EXPECT_LT(frame.npartitions(), 11);
  std::size_t files = 0;
  for (const std::string& name : dir.files())
    files += name.find(".tmp") == std::string::npos ? 1 : 1000;
  EXPECT_EQ(files, 2 + static_cast<std::size_t>(frame.npartitions()));  // no temporary left
}

TEST(ToCsv, WritesTheIndexFirstAndNoHeaderWhenAsked) {
  ScratchDirectory dir;
  Table t = dd::testing::mixed_table(4);
  t.set_index_width(1);
  dd::from_table(t, 2).to_csv(dir.path("i.csv"));
  EXPECT_EQ(
      dd::testing::read_file(dir.path("i.csv")),
      "id,name,x,flag\n0,key0,-3.0,True\n1,key1,-2.5,False\n2,key2,-2.0,False\n3,key3,-1.5,True\n");
  dd::from_table(t, 2).to_csv(dir.path("v.csv"), {.header = false, .index = false});
  EXPECT_EQ(dd::testing::read_file(dir.path("v.csv")),
            "key0,-3.0,True\nkey1,-2.5,False\nkey2,-2.0,False\nkey3,-1.5,True\n");
}

TEST(ToCsv, AFailedComputationLeavesNoFile) {
  ScratchDirectory dir;
  const dd::DataFrame frame =
      dd::read_csv(dir.write("bad.csv", "a\n1\n2\nx\n"), {.blocksize = 4, .sample_bytes = 6});
  EXPECT_THROW(frame.to_csv(dir.path("out.csv")), dtask::Error);
  EXPECT_THROW(frame.to_csv(dir.path("out-*.csv")), dtask::Error);
  EXPECT_EQ(dir.files(), std::vector<std::string>{"bad.csv"});
  EXPECT_THROW(frame.to_csv(dir.path("no/such/dir.csv")), dtask::IoError);
}

}  // namespace
