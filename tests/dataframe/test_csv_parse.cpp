// The CSV parser, layout sample and writer on odd inputs: quoted delimiters and newlines,
// doubled quotes, empty fields, CRLF, no final newline, blank lines; byte ranges cut at every
// position, whole and in batches; errors naming file:line:column; tables written back as pandas
// writes them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <random>

#include <dtask/core/log.hpp>

#include "../../src/io/csv_read.hpp"
#include "../../src/io/csv_values.hpp"
#include "../../src/io/csv_write.hpp"
#include "csv_testing.hpp"

namespace {

using dtask::Column;
using dtask::ColumnType;
using dtask::Table;
namespace io = dtask::io;
using dtask::dataframe::testing::ScratchDirectory;

io::CsvReadSpec spec_of(const std::vector<std::pair<std::string, ColumnType>>& columns,
                        bool header = true) {
  io::CsvReadSpec spec;
  spec.header = header;
  spec.field_count = static_cast<std::int32_t>(columns.size());
  for (std::size_t i = 0; i < columns.size(); ++i) {
    spec.columns.push_back({columns[i].first, static_cast<std::int32_t>(i), columns[i].second});
  }
  return spec;
}

Table whole(const std::string& path, const io::CsvReadSpec& spec, std::int64_t window = 1 << 20) {
  return io::read_csv_range(path, 0, std::numeric_limits<std::int64_t>::max(), spec, window).table;
}

Column strings(const std::vector<const char*>& values) {  // nullptr: missing
  Column c(ColumnType::string);
  for (const char* v : values) {
    if (v)
      c.append_string(v);
    else
      c.append_null();
  }
  return c;
}

Column ints(const std::vector<std::int64_t>& values, std::size_t missing = SIZE_MAX) {
  Column c(ColumnType::int64);
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i == missing)
      c.append_null();
    else
      c.append_int64(values[i]);
  }
  return c;
}

Column floats(const std::vector<double>& values) {  // NaN: missing
  Column c(ColumnType::float64);
  for (double v : values) {
    if (std::isnan(v))
      c.append_null();
    else
      c.append_float64(v);
  }
  return c;
}

std::string error_of(const std::string& path, const io::CsvReadSpec& spec, std::int64_t begin = 0,
                     std::int64_t window = 1 << 20) {
  try {
    io::read_csv_range(path, begin, std::numeric_limits<std::int64_t>::max(), spec, window);
  } catch (const dtask::IoError& e) {
    return e.what();
  }
  return "no error";
}

constexpr double na = std::numeric_limits<double>::quiet_NaN();

TEST(CsvParse, QuotedFieldsKeepDelimitersNewlinesAndDoubledQuotes) {
  ScratchDirectory dir;
  const std::string path = dir.write(
      "q.csv", "name,text\n\"x,y\",\"say \"\"hi\"\"\"\nplain,\"multi\nline\"\n\"\",\"tail\"ed\n");
  Table expected;
  expected.add_column("name", strings({"x,y", "plain", nullptr}));
  expected.add_column("text", strings({"say \"hi\"", "multi\nline", "tailed"}));
  // Small windows cut records (and quoted fields) anywhere: they are read again whole.
  for (std::int64_t window : {1, 2, 3, 5, 8, 1 << 20}) {
    EXPECT_EQ(
        whole(path, spec_of({{"name", ColumnType::string}, {"text", ColumnType::string}}), window),
        expected)
        << "window " << window;
  }
}

TEST(CsvParse, EmptyFieldsAndNaValuesAreMissing) {
  ScratchDirectory dir;
  const std::string path = dir.write("e.csv", "a,b,c\n1,,x\n,2.5,\nNA,nan,NULL\n4,-1e3,<NA>\n");
  Table expected;
  Column a(ColumnType::int64);
  a.append_int64(1);
  a.append_null();
  a.append_null();
  a.append_int64(4);
  expected.add_column("a", std::move(a));
  expected.add_column("b", floats({na, 2.5, na, -1000.0}));
  expected.add_column("c", strings({"x", nullptr, nullptr, nullptr}));
  EXPECT_EQ(whole(path, spec_of({{"a", ColumnType::int64},
                                 {"b", ColumnType::float64},
                                 {"c", ColumnType::string}})),
            expected);
}

TEST(CsvParse, CrlfBlankLinesAndNoFinalNewline) {
  ScratchDirectory dir;
  const std::string path = dir.write("w.csv", "a,b\r\n1,x\r\n\r\n2,\"y\"\r\n\n3,z");
  Table expected;
  expected.add_column("a", ints({1, 2, 3}));
  expected.add_column("b", strings({"x", "y", "z"}));
  EXPECT_EQ(whole(path, spec_of({{"a", ColumnType::int64}, {"b", ColumnType::string}})), expected);
}

TEST(CsvParse, BoolsAndSpacedNumbersAsPandasReadsThem) {
  ScratchDirectory dir;
  const std::string path =
      dir.write("b.csv", "f,i,x\nTrue, 7,+1.5\nfalse,-3 ,inf\nTRUE,+2,1e-300\nFALSE,0,-0.0\n");
  Table expected;
  expected.add_column("f", Column::of_bools({1, 0, 1, 0}));
  expected.add_column("i", ints({7, -3, 2, 0}));
  expected.add_column("x", floats({1.5, std::numeric_limits<double>::infinity(), 1e-300, -0.0}));
  EXPECT_EQ(whole(path, spec_of({{"f", ColumnType::boolean},
                                 {"i", ColumnType::int64},
                                 {"x", ColumnType::float64}})),
            expected);
}

TEST(CsvParse, ColumnsComeInSpecOrderAndOthersAreOnlyScanned) {
  ScratchDirectory dir;
  const std::string path = dir.write("p.csv", "a,b,c\n1,not a number,x\n2,\"q,q\",y\n");
  io::CsvReadSpec spec;
  spec.field_count = 3;
  spec.columns = {{"c", 2, ColumnType::string}, {"a", 0, ColumnType::int64}};
  Table expected;
  expected.add_column("c", strings({"x", "y"}));
  expected.add_column("a", ints({1, 2}));
  EXPECT_EQ(whole(path, spec), expected);
}

// Every split of the file into three ranges gives each row exactly once, in order.
TEST(CsvParse, EveryCutOfTheFileGivesEachLineOnce) {
  ScratchDirectory dir;
  const std::string text =
      "id,name,x\n1,\"a,b\",0.5\r\n2,,\n\n3,\"say \"\"x\"\"\",1e3\n4,d,-2\n5,e,7";
  const std::string path = dir.write("cut.csv", text);
  const io::CsvReadSpec spec = spec_of(
      {{"id", ColumnType::int64}, {"name", ColumnType::string}, {"x", ColumnType::float64}});
  Table expected;
  expected.add_column("id", ints({1, 2, 3, 4, 5}));
  expected.add_column("name", strings({"a,b", nullptr, "say \"x\"", "d", "e"}));
  expected.add_column("x", floats({0.5, na, 1000.0, -2.0, 7.0}));
  ASSERT_EQ(whole(path, spec), expected);
  const auto size = static_cast<std::int64_t>(text.size());
  for (std::int64_t window : {1, 4, 1 << 20}) {
    for (std::int64_t a = 0; a <= size; ++a) {
      for (std::int64_t b = a; b <= size; ++b) {
        const Table parts[] = {io::read_csv_range(path, 0, a, spec, window).table,
                               io::read_csv_range(path, a, b, spec, window).table,
                               io::read_csv_range(path, b, size, spec, window).table};
        const Table* pointers[] = {&parts[0], &parts[1], &parts[2]};
        ASSERT_EQ(Table::concat(pointers), expected)
            << "cuts at " << a << " and " << b << ", window " << window;
      }
    }
  }
}

TEST(CsvParse, HeaderOnlyGivesNoRows) {
  ScratchDirectory dir;
  const std::string path = dir.write("h.csv", "a,b\n");
  const Table t = whole(path, spec_of({{"a", ColumnType::string}, {"b", ColumnType::string}}));
  EXPECT_EQ(t.rows(), 0u);
  EXPECT_EQ(t.names(), (std::vector<std::string>{"a", "b"}));
}

TEST(CsvParse, MalformedRowsNameFileLineAndColumn) {
  ScratchDirectory dir;
  const auto two = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::float64}});
  const std::string many = dir.write("many.csv", "a,b\n1,2\n3,4,5\n");
  EXPECT_EQ(error_of(many, two), many + ":3:5: expected 2 fields, found 3");
  const std::string few = dir.write("few.csv", "a,b\n1,2\n3\n");
  EXPECT_EQ(error_of(few, two), few + ":3:2: expected 2 fields, found 1");
  const std::string word = dir.write("word.csv", "a,b\n1,2\n3,x7\n");
  EXPECT_EQ(error_of(word, two), word + ":3:3: 'x7' is not a float64 (column 'b')");
  const std::string fraction = dir.write("fraction.csv", "a,b\n1.5,2\n");
  EXPECT_EQ(error_of(fraction, two), fraction + ":2:1: '1.5' is not an int64 (column 'a')");
  const std::string quote = dir.write("quote.csv", "a,b\n1,\"open\n");
  EXPECT_EQ(error_of(quote, two),
            quote + ":2:3: a quoted field is not closed before the end of the file");
}

TEST(CsvParse, LineNumbersCountFromTheStartOfTheFileInLaterRanges) {
  ScratchDirectory dir;
  const std::string path = dir.write("late.csv", "a,b\n1,2\n3,4\n5,6\n7,oops\n");
  const auto two = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::int64}});
  for (std::int64_t window : {1, 3, 1 << 20}) {
    EXPECT_EQ(error_of(path, two, 10, window), path + ":5:3: 'oops' is not an int64 (column 'b')");
  }
}

TEST(CsvParse, SkipBadRowsDropsAndCountsThem) {
  ScratchDirectory dir;
  const std::string path = dir.write("skip.csv", "a,b\n1,2\n3\n4,x\n5,6,7\n8,9\n");
  auto spec = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::int64}});
  spec.format.skip_bad_rows = true;
  const io::CsvPartition part = io::read_csv_range(path, 0, 1 << 20, spec);
  Table expected;
  expected.add_column("a", ints({1, 8}));
  expected.add_column("b", ints({2, 9}));
  EXPECT_EQ(part.table, expected);
  EXPECT_EQ(part.bad_rows, 3);
}

TEST(CsvParse, UnclosedQuoteInTheHeaderIsOneSkippedRow) {
  ScratchDirectory dir;
  const std::string path = dir.write("open.csv", "a,\"b\n1,2\n");
  auto spec = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::int64}});
  spec.format.skip_bad_rows = true;
  const io::CsvPartition part = io::read_csv_range(path, 0, 1 << 20, spec);
  EXPECT_EQ(part.table.rows(), 0u);
  EXPECT_EQ(part.bad_rows, 1);
}

Column bools(const std::vector<int>& values) {  // -1: missing
  Column c(ColumnType::boolean);
  for (int v : values) {
    if (v < 0)
      c.append_null();
    else
      c.append_bool(v != 0);
  }
  return c;
}

// What reading a range gave: its rows and skipped rows, or the message of the IoError thrown
// (or what the batches got wrong).
struct RangeRead {
  Table table;
  std::int64_t bad_rows = 0;
  std::string error;
  std::size_t largest_batch = 0;
  std::size_t expected_rows = 0;  // after the first batch
};

RangeRead read_range(const std::string& path, std::int64_t begin, std::int64_t end,
                     const io::CsvReadSpec& spec, std::int64_t window) {
  RangeRead out;
  try {
    io::CsvPartition part = io::read_csv_range(path, begin, end, spec, window);
    out.table = std::move(part.table);
    out.bad_rows = part.bad_rows;
  } catch (const dtask::IoError& e) {
    out.error = e.what();
  }
  return out;
}

Table table_of(const std::vector<Column>& batch, const io::CsvReadSpec& spec) {
  Table t;
  for (std::size_t j = 0; j < spec.columns.size(); ++j)
    t.add_column(spec.columns[j].name, batch[j]);
  return t;
}

// The range through CsvRangeReader, one batch vector for every next(), the batches concatenated.
RangeRead read_batches(const std::string& path, std::int64_t begin, std::int64_t end,
                       const io::CsvReadSpec& spec, std::int64_t window, std::size_t max_rows) {
  RangeRead out;
  io::CsvRangeReader reader(path, begin, end, spec, window);
  std::vector<Column> no_rows;
  for (const io::CsvColumnSpec& c : spec.columns) no_rows.emplace_back(c.type);
  std::vector<Table> parts = {table_of(no_rows, spec)};
  std::vector<Column> batch;  // made by the first next()
  try {
    for (bool first = true;; first = false) {
      const std::size_t rows = reader.next(batch, max_rows);
      if (first) out.expected_rows = reader.expected_rows();
      if (rows == 0) break;
      out.largest_batch = std::max(out.largest_batch, rows);
      parts.push_back(table_of(batch, spec));
      if (parts.back().rows() != rows) {
        out.error = "next() returned " + std::to_string(rows) + " for a batch of " +
                    std::to_string(parts.back().rows()) + " rows";
        return out;
      }
    }
    if (reader.next(batch, max_rows) != 0) out.error = "rows after the end";
  } catch (const dtask::IoError& e) {
    out.error = e.what();
  }
  std::vector<const Table*> pointers;
  for (const Table& t : parts) pointers.push_back(&t);
  out.table = Table::concat(pointers);
  out.bad_rows = reader.bad_rows();
  return out;
}

// The batches give what read_csv_range gives: the same error, or the same rows and skipped rows,
// in batches of at most max_rows, with a row estimate when there are rows.
testing::AssertionResult same_read(const RangeRead& batches, const RangeRead& whole,
                                   std::size_t max_rows) {
  if (!whole.error.empty() || !batches.error.empty()) {
    if (batches.error == whole.error) return testing::AssertionSuccess();
    return testing::AssertionFailure()
           << "error '" << batches.error << "', read_csv_range's '" << whole.error << "'";
  }
  if (!(batches.table == whole.table))
    return testing::AssertionFailure() << "batches\n"
                                       << batches.table << "\nread_csv_range\n"
                                       << whole.table;
  if (batches.bad_rows != whole.bad_rows)
    return testing::AssertionFailure()
           << batches.bad_rows << " bad rows, read_csv_range " << whole.bad_rows;
  if (batches.largest_batch > max_rows)
    return testing::AssertionFailure() << "a batch of " << batches.largest_batch << " rows";
  if (whole.table.rows() > 0 && batches.expected_rows == 0)
    return testing::AssertionFailure() << "no expected rows after the first batch";
  return testing::AssertionSuccess();
}

// The skipped rows' warnings of thousands of ranges are not wanted in the test's output.
class QuietLog {
 public:
  QuietLog() { dtask::log::set_level(dtask::log::Level::off); }
  ~QuietLog() { dtask::log::set_level(dtask::log::Level::warn); }
  QuietLog(const QuietLog&) = delete;
  QuietLog& operator=(const QuietLog&) = delete;
};

struct CsvCase {
  std::string name;
  std::string text;
  io::CsvReadSpec spec;
  Table expected = {};
  std::int64_t bad_rows = 0;
  bool every_cut = true;  // false: a quoted newline, where a range must not begin
};

std::vector<CsvCase> batch_cases() {
  std::vector<CsvCase> cases;
  {
    CsvCase c{"mixed.csv",
              "id,name,x,flag\n1,\"a,b\",0.5,True\r\n2,,,\n\n3,\"say \"\"x\"\"\",1e3,false\r\n"
              "\r\n4,d,-2,FALSE\nNA,\"e\",7,TRUE\n6,f,nan,True",
              spec_of({{"id", ColumnType::int64},
                       {"name", ColumnType::string},
                       {"x", ColumnType::float64},
                       {"flag", ColumnType::boolean}})};
    c.expected.add_column("id", ints({1, 2, 3, 4, 0, 6}, 4));
    c.expected.add_column("name", strings({"a,b", nullptr, "say \"x\"", "d", "e", "f"}));
    c.expected.add_column("x", floats({0.5, na, 1000.0, -2.0, 7.0, na}));
    c.expected.add_column("flag", bools({1, -1, 0, 0, 1, 1}));
    cases.push_back(std::move(c));
  }
  {
    CsvCase c{"headless.csv", "7,x\n8,\"y\"\"\"\n,\n9,z\n",
              spec_of({{"a", ColumnType::int64}, {"b", ColumnType::string}}, false)};
    c.expected.add_column("a", ints({7, 8, 0, 9}, 2));
    c.expected.add_column("b", strings({"x", "y\"", nullptr, "z"}));
    cases.push_back(std::move(c));
  }
  {
    CsvCase c{"skip.csv", "a,b\n1,2\n3\n4,x\n5,6,7\n8,9\n",
              spec_of({{"a", ColumnType::int64}, {"b", ColumnType::int64}})};
    c.spec.format.skip_bad_rows = true;
    c.expected.add_column("a", ints({1, 8}));
    c.expected.add_column("b", ints({2, 9}));
    c.bad_rows = 3;
    cases.push_back(std::move(c));
  }
  {
    CsvCase c{"newlines.csv",
              "name,text\n\"x,y\",\"say \"\"hi\"\"\"\nplain,\"multi\nline\"\n\"\",\"tail\"ed\n",
              spec_of({{"name", ColumnType::string}, {"text", ColumnType::string}})};
    c.expected.add_column("name", strings({"x,y", "plain", nullptr}));
    c.expected.add_column("text", strings({"say \"hi\"", "multi\nline", "tailed"}));
    c.every_cut = false;
    cases.push_back(std::move(c));
  }
  return cases;
}

// Every split of each file into three ranges, tiny windows and several batch sizes: each range's
// batches are read_csv_range's rows of it, and the three ranges together are the file's table.
TEST(CsvRangeReader, BatchesOfEveryCutAreTheRowsOfTheRange) {
  ScratchDirectory dir;
  const QuietLog quiet;
  const std::size_t batch_sizes[] = {1, 2, 7, 1000};
  for (const CsvCase& c : batch_cases()) {
    const std::string path = dir.write(c.name, c.text);
    const auto size = static_cast<std::int64_t>(c.text.size());
    for (std::int64_t window : {1, 2, 3, 8, 64, 1 << 20}) {
      for (std::int64_t a = 0; a <= size; ++a) {
        for (std::int64_t b = a; b <= size; ++b) {
          const std::int64_t bounds[] = {0, a, b, size};
          const RangeRead whole[] = {read_range(path, 0, a, c.spec, window),
                                     read_range(path, a, b, c.spec, window),
                                     read_range(path, b, size, c.spec, window)};
          for (std::size_t max_rows : batch_sizes) {
            std::vector<RangeRead> batches;
            for (int r = 0; r < 3; ++r) {
              batches.push_back(
                  read_batches(path, bounds[r], bounds[r + 1], c.spec, window, max_rows));
              ASSERT_TRUE(same_read(batches.back(), whole[r], max_rows))
                  << c.name << " bytes [" << bounds[r] << ", " << bounds[r + 1] << "), window "
                  << window << ", batches of " << max_rows;
            }
            if (!c.every_cut && b > 0) continue;
            const Table* pointers[] = {&batches[0].table, &batches[1].table, &batches[2].table};
            ASSERT_EQ(Table::concat(pointers), c.expected)
                << c.name << " cuts at " << a << " and " << b << ", window " << window
                << ", batches of " << max_rows;
            ASSERT_EQ(batches[0].bad_rows + batches[1].bad_rows + batches[2].bad_rows, c.bad_rows);
          }
        }
      }
    }
  }
}

// A file written here from random values (the reference), with quoted fields, missing values,
// CRLF and blank lines; long enough that batches reserve their string bytes from the average.
TEST(CsvRangeReader, RandomFileInBatchesIsTheWrittenTable) {
  std::mt19937_64 rng(11);
  const std::string letters = "abcdefghijklmopqrstuvwxyz0123456789 ,\"";  // no 'n': no na value
  std::string text = "id,name,score,flag\n";
  Column id(ColumnType::int64), name(ColumnType::string), score(ColumnType::float64),
      flag(ColumnType::boolean);
  const std::size_t rows = 5000;
  for (std::size_t i = 0; i < rows; ++i) {
    if (rng() % 50 == 0) text += "\n";
    if (rng() % 10 == 0) {
      id.append_null();
    } else {
      const auto v = static_cast<std::int64_t>(rng() % 2000000000000) - 1000000000000;
      id.append_int64(v);
      text += std::to_string(v);
    }
    text += ',';
    std::string s;
    for (std::size_t k = 1 + rng() % 12; k > 0; --k) s += letters[rng() % letters.size()];
    name.append_string(s);
    if (s.find_first_of(",\"") == std::string::npos) {
      text += s;
    } else {
      text += '"';
      for (char ch : s) text += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      text += '"';
    }
    text += ',';
    if (rng() % 10 == 0) {
      score.append_null();
    } else {
      const double v = static_cast<double>(static_cast<std::int64_t>(rng() % 80000) - 40000) / 8;
      score.append_float64(v);
      text += std::to_string(v);
    }
    text += ',';
    if (rng() % 10 == 0) {
      flag.append_null();
    } else {
      const bool v = rng() % 2 == 0;
      flag.append_bool(v);
      text += v ? "True" : "False";
    }
    text += rng() % 3 == 0 ? "\r\n" : "\n";
  }
  Table expected;
  expected.add_column("id", std::move(id));
  expected.add_column("name", std::move(name));
  expected.add_column("score", std::move(score));
  expected.add_column("flag", std::move(flag));
  ScratchDirectory dir;
  const std::string path = dir.write("random.csv", text);
  const io::CsvReadSpec spec = spec_of({{"id", ColumnType::int64},
                                        {"name", ColumnType::string},
                                        {"score", ColumnType::float64},
                                        {"flag", ColumnType::boolean}});
  const auto size = static_cast<std::int64_t>(text.size());
  ASSERT_EQ(whole(path, spec), expected);
  for (std::int64_t window : {64, 4096, 1 << 20}) {
    for (std::size_t max_rows : {1, 7, 1000, 4096}) {
      const RangeRead all = read_batches(path, 0, size, spec, window, max_rows);
      ASSERT_TRUE(same_read(all, read_range(path, 0, size, spec, window), max_rows));
      ASSERT_EQ(all.table, expected) << "window " << window << ", batches of " << max_rows;
      // A hint from the first bytes, good to a factor of two on a file of like rows.
      EXPECT_GT(all.expected_rows, rows / 2);
      EXPECT_LT(all.expected_rows, rows * 2);
      for (int cut = 0; cut < 5; ++cut) {
        std::int64_t a = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(size));
        std::int64_t b = static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(size));
        if (a > b) std::swap(a, b);
        const std::int64_t bounds[] = {0, a, b, size};
        std::vector<RangeRead> parts;
        for (int r = 0; r < 3; ++r) {
          parts.push_back(read_batches(path, bounds[r], bounds[r + 1], spec, window, max_rows));
          ASSERT_TRUE(same_read(parts.back(),
                                read_range(path, bounds[r], bounds[r + 1], spec, window), max_rows))
              << "bytes [" << bounds[r] << ", " << bounds[r + 1] << "), window " << window
              << ", batches of " << max_rows;
        }
        const Table* pointers[] = {&parts[0].table, &parts[1].table, &parts[2].table};
        ASSERT_EQ(Table::concat(pointers), expected)
            << "cuts at " << a << " and " << b << ", window " << window << ", batches of "
            << max_rows;
      }
    }
  }
}

TEST(CsvRangeReader, SkippedRowsAreCountedAsReadCsvRangeCountsThem) {
  ScratchDirectory dir;
  const QuietLog quiet;
  const std::string path = dir.write("skip.csv", "a,b\n1,2\n3\n4,x\n5,6,7\n8,9\n10,\"open\n");
  auto spec = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::int64}});
  spec.format.skip_bad_rows = true;
  Table expected;
  expected.add_column("a", ints({1, 8}));
  expected.add_column("b", ints({2, 9}));
  for (std::int64_t window : {1, 2, 5, 1 << 20}) {
    const io::CsvPartition part = io::read_csv_range(path, 0, 1 << 20, spec, window);
    ASSERT_EQ(part.table, expected);
    ASSERT_EQ(part.bad_rows, 4);
    for (std::size_t max_rows : {1, 2, 7, 1000}) {
      io::CsvRangeReader reader(path, 0, 1 << 20, spec, window);
      std::vector<Column> batch;
      std::size_t rows = 0;
      std::int64_t bad_rows = 0;
      while (const std::size_t n = reader.next(batch, max_rows)) {
        rows += n;
        EXPECT_GE(reader.bad_rows(), bad_rows) << "the count only grows";
        bad_rows = reader.bad_rows();
      }
      EXPECT_EQ(rows, part.table.rows()) << "window " << window << ", batches of " << max_rows;
      EXPECT_EQ(reader.bad_rows(), part.bad_rows)
          << "window " << window << ", batches of " << max_rows;
    }
  }
}

// Without skip_bad_rows the next() that meets a bad row throws read_csv_range's message, however
// the batches fall (one may end just before the bad row); the batch then holds whole rows only.
TEST(CsvRangeReader, MalformedRowThrowsTheMessageOfReadCsvRangeAndLeavesWholeRows) {
  ScratchDirectory dir;
  const auto two = spec_of({{"a", ColumnType::int64}, {"b", ColumnType::float64}});
  auto named = two;
  named.expected_header = {"a", "c"};
  struct Malformed {
    std::string path;
    io::CsvReadSpec spec;
    std::size_t rows_before;  // good rows before the bad one
  };
  const Malformed files[] = {
      {dir.write("many.csv", "a,b\n1,2\n3,4\n5,6\n7,8,9\n"), two, 3},
      {dir.write("few.csv", "a,b\n1,2\n3,4\n5\n"), two, 2},
      {dir.write("word.csv", "a,b\n1,2\n\n3,x7\n"), two, 1},
      {dir.write("fraction.csv", "a,b\n1.5,2\n"), two, 0},
      {dir.write("quote.csv", "a,b\n1,2\n3,4\n5,\"open\n"), two, 2},
      {dir.write("header.csv", "a,b\n1,2\n"), named, 0},
  };
  for (const Malformed& f : files) {
    for (std::int64_t window : {1, 3, 1 << 20}) {
      const std::string expected = error_of(f.path, f.spec, 0, window);
      ASSERT_NE(expected, "no error") << f.path;
      for (std::size_t max_rows : {1, 2, 7, 1000}) {
        io::CsvRangeReader reader(f.path, 0, 1 << 20, f.spec, window);
        std::vector<Column> batch;
        std::size_t rows = 0;
        std::string message = "no error";
        try {
          while (const std::size_t n = reader.next(batch, max_rows)) rows += n;
        } catch (const dtask::IoError& e) {
          message = e.what();
          rows += batch.at(0).size();
          EXPECT_EQ(batch.at(1).size(), batch[0].size()) << "no partial row";
        }
        EXPECT_EQ(message, expected) << "window " << window << ", batches of " << max_rows;
        EXPECT_EQ(rows, f.rows_before)
            << f.path << ", window " << window << ", batches of " << max_rows;
      }
    }
  }
}

TEST(CsvRangeReader, ReusesTheBatchAndResetsOneOfAnotherShape) {
  ScratchDirectory dir;
  std::string text = "i,s\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i) + ",s" + std::to_string(i) + "\n";
  const std::string path = dir.write("reuse.csv", text);
  const auto spec = spec_of({{"i", ColumnType::int64}, {"s", ColumnType::string}});
  io::CsvRangeReader reader(path, 0, 1 << 20, spec);
  std::vector<Column> batch(1, Column(ColumnType::string));  // too few columns
  ASSERT_EQ(reader.next(batch, 10), 10u);
  ASSERT_EQ(batch.size(), 2u);
  std::vector<std::int64_t> first(10);
  std::iota(first.begin(), first.end(), 0);
  EXPECT_EQ(batch[0], Column::of(first));
  EXPECT_EQ(batch[1].type(), ColumnType::string);
  EXPECT_EQ(batch[1].string_at(9), "s9");
  // A batch of the right shape is cleared in place: its storage stays, stale rows and nulls go.
  batch[0].append_null();
  batch[1].append_null();
  const std::int64_t* storage = batch[0].int64s().data();
  ASSERT_EQ(reader.next(batch, 10), 10u);
  EXPECT_EQ(batch[0].int64s().data(), storage);
  EXPECT_FALSE(batch[0].has_nulls());
  EXPECT_FALSE(batch[1].has_nulls());
  EXPECT_EQ(batch[0].int64s()[0], 10);
  EXPECT_EQ(batch[1].string_at(0), "s10");
  EXPECT_EQ(batch[1].size(), 10u);
  std::vector<Column> swapped;  // the right count, the wrong types
  swapped.emplace_back(ColumnType::string);
  swapped.emplace_back(ColumnType::int64);
  ASSERT_EQ(reader.next(swapped, 100), 10u);
  EXPECT_EQ(swapped[0].type(), ColumnType::int64);
  EXPECT_EQ(swapped[1].type(), ColumnType::string);
  EXPECT_EQ(swapped[0].int64s()[9], 29);
  EXPECT_EQ(reader.next(swapped, 100), 0u);
  EXPECT_TRUE(swapped[0].empty());
  EXPECT_THROW(reader.next(batch, 0), dtask::ValueError);
}

TEST(CsvRangeReader, ExpectsRowsOnlyAfterTheFirstBatch) {
  ScratchDirectory dir;
  const std::string path = dir.write("rows.csv", "a\n1\n2\n3\n4\n");
  const auto spec = spec_of({{"a", ColumnType::int64}});
  for (std::int64_t window : {1, 2, 1 << 20}) {
    io::CsvRangeReader reader(path, 0, 1 << 20, spec, window);
    EXPECT_EQ(reader.expected_rows(), 0u);
    std::vector<Column> batch;
    ASSERT_EQ(reader.next(batch, 1), 1u);
    EXPECT_GT(reader.expected_rows(), 0u) << "window " << window;
  }
  io::CsvRangeReader empty(path, 3, 3, spec);
  std::vector<Column> batch;
  EXPECT_EQ(empty.next(batch, 1), 0u);
  EXPECT_EQ(empty.expected_rows(), 0u);
}

TEST(CsvRangeReader, MovedReaderGoesOnWhereItWas) {
  ScratchDirectory dir;
  const std::string path = dir.write("move.csv", "a\n1\n2\n3\n4\n5\n");
  const auto spec = spec_of({{"a", ColumnType::int64}});
  std::vector<Column> batch;
  std::vector<std::int64_t> seen;
  io::CsvRangeReader first(path, 0, 1 << 20, spec, 2);
  ASSERT_EQ(first.next(batch, 2), 2u);
  for (std::int64_t v : batch[0].int64s()) seen.push_back(v);
  io::CsvRangeReader second(std::move(first));
  ASSERT_EQ(second.next(batch, 2), 2u);
  for (std::int64_t v : batch[0].int64s()) seen.push_back(v);
  io::CsvRangeReader third(path, 0, 0, spec);
  third = std::move(second);
  ASSERT_EQ(third.next(batch, 2), 1u);
  for (std::int64_t v : batch[0].int64s()) seen.push_back(v);
  EXPECT_EQ(third.next(batch, 2), 0u);
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

// The parser's decimal fast path against glibc's strtod (correctly rounded) on random numbers
// of every digit count around the fast path's limits.
TEST(CsvValues, FloatsParseAsStrtod) {
  std::mt19937_64 rng(7);
  for (int n = 0; n < 200000; ++n) {
    std::string text = rng() % 2 ? "-" : "";
    const int whole = static_cast<int>(rng() % 18), fraction = static_cast<int>(rng() % 18);
    for (int i = 0; i < whole; ++i) text += static_cast<char>('0' + rng() % 10);
    if (fraction > 0 || whole == 0) text += '.';
    for (int i = 0; i < fraction || (whole == 0 && i == 0); ++i)
      text += static_cast<char>('0' + rng() % 10);
    double parsed = 0;
    ASSERT_TRUE(io::parse_float64(text, parsed)) << text;
    const double expected = std::strtod(text.c_str(), nullptr);
    ASSERT_EQ(std::signbit(parsed), std::signbit(expected)) << text;
    ASSERT_EQ(parsed, expected) << text;
  }
  double d = 0;
  for (const char* bad : {"", "-", ".", "1.2.3", "1e", "--1", "0x10", "1,5", "five"})
    EXPECT_FALSE(io::parse_float64(bad, d)) << bad;
}

TEST(CsvValues, IntsParseAsStrtoll) {
  std::mt19937_64 rng(8);
  for (int n = 0; n < 100000; ++n) {
    std::string text = rng() % 2 ? "-" : "";
    const int digits = 1 + static_cast<int>(rng() % 18);  // 19 may overflow: checked below
    for (int i = 0; i < digits; ++i) text += static_cast<char>('0' + rng() % 10);
    std::int64_t parsed = 0;
    ASSERT_TRUE(io::parse_int64(text, parsed)) << text;
    ASSERT_EQ(parsed, std::strtoll(text.c_str(), nullptr, 10)) << text;
  }
  std::int64_t i = 0;
  EXPECT_TRUE(io::parse_int64("-9223372036854775808", i));  // 19 digits: from_chars
  EXPECT_EQ(i, std::numeric_limits<std::int64_t>::min());
  for (const char* bad : {"", "-", "9223372036854775808", "1.0", "1e3", "12a", "+-1"})
    EXPECT_FALSE(io::parse_int64(bad, i)) << bad;
}

TEST(CsvInspect, InfersTypesAndNamesAsPandas) {
  ScratchDirectory dir;
  const std::string path =
      dir.write("t.csv", "i,f,a,a,,b,s,m\n1,1,,x,1,True,a,\n-2,2.5,,y,2,false,3,NA\n,3,,z,3,,4,\n");
  const io::CsvLayout layout = io::inspect_csv(path, {}, true, 1 << 16);
  EXPECT_EQ(layout.names,
            (std::vector<std::string>{"i", "f", "a", "a.1", "Unnamed: 4", "b", "s", "m"}));
  EXPECT_EQ(layout.types,
            (std::vector<ColumnType>{ColumnType::int64, ColumnType::float64, ColumnType::float64,
                                     ColumnType::string, ColumnType::int64, ColumnType::boolean,
                                     ColumnType::string, ColumnType::float64}));
}

TEST(CsvInspect, UsesOnlyWholeLinesOfTheSample) {
  ScratchDirectory dir;
  // The sample ends inside "2.5": a cut line must not make the column look like ints.
  const std::string path = dir.write("s.csv", "x\n1\n2\n3.25\n");
  EXPECT_EQ(io::inspect_csv(path, {}, true, 9).types, std::vector<ColumnType>{ColumnType::int64});
  EXPECT_EQ(io::inspect_csv(path, {}, true, 1 << 16).types,
            std::vector<ColumnType>{ColumnType::float64});
}

TEST(CsvInspect, HeaderOnlyIsStringsAndEmptyIsAnError) {
  ScratchDirectory dir;
  const io::CsvLayout layout = io::inspect_csv(dir.write("h.csv", "a,b"), {}, true, 1 << 16);
  EXPECT_FALSE(layout.has_rows);
  EXPECT_EQ(layout.types, (std::vector<ColumnType>{ColumnType::string, ColumnType::string}));
  const std::string empty = dir.write("empty.csv", "");
  try {
    io::inspect_csv(empty, {}, true, 1 << 16);
    FAIL() << "no error";
  } catch (const dtask::IoError& e) {
    EXPECT_EQ(std::string(e.what()), empty + ": file is empty");
  }
  EXPECT_THROW(io::inspect_csv(dir.path("missing.csv"), {}, true, 1 << 16), dtask::IoError);
}

TEST(CsvWrite, WritesAsPandasToCsv) {
  Table t;
  t.add_column("key", strings({"k1", "k,2", nullptr}));
  t.add_column("i", ints({1, -20, 3}, 2));
  t.add_column("x", floats({0.1, 5.0, na}));
  t.add_column("y", floats({1e-05, 1e16, -2.5}));
  t.add_column("flag", Column::of_bools({1, 0, 1}));
  t.add_column("text", strings({"say \"hi\"", "two\nlines", ""}));
  t.set_index_width(1);
  std::string text;
  io::append_csv(t, {}, text);
  EXPECT_EQ(text,
            "key,i,x,y,flag,text\n"
            "k1,1,0.1,1e-05,True,\"say \"\"hi\"\"\"\n"
            "\"k,2\",-20,5.0,1e+16,False,\"two\nlines\"\n"
            ",,,-2.5,True,\n");
  std::string values;
  io::append_csv(t, {.delimiter = ';', .header = false, .index = false}, values);
  EXPECT_EQ(
      values,
      "1;0.1;1e-05;True;\"say \"\"hi\"\"\"\n-20;5.0;1e+16;False;\"two\nlines\"\n;;-2.5;True;\n");
}

TEST(CsvWrite, FloatsReadBackToTheSameBits) {
  ScratchDirectory dir;
  const std::vector<double> values = {0.1,           1.0 / 3.0, 2.0e-308, 1.7976931348623157e308,
                                      123456789.125, -0.0,      4.9e-324};
  Table t;
  t.add_column("x", floats(values));
  std::string text;
  io::append_csv(t, {}, text);
  const std::string path = dir.write("f.csv", text);
  EXPECT_EQ(whole(path, spec_of({{"x", ColumnType::float64}})), t);
}

}  // namespace
