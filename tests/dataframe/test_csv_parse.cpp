// The CSV parser, layout sample and writer on odd inputs: quoted delimiters and newlines,
// doubled quotes, empty fields, CRLF, no final newline, blank lines; byte ranges cut at every
// position; errors naming file:line:column; tables written back as pandas writes them.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

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
