// The pandas check's dtask side (check_groupby_pandas.py runs it under mpiexec): writes a random
// table (random_frame.hpp) as DIR/input.csv, then the results of groupbys, value_counts, nunique
// and drop_duplicates of it as DIR/<case>.csv, which the script compares with pandas' results
// on input.csv; two groupbys read input.csv back with read_csv. The CSV is the simplest there is: no quoting (no value holds a comma), a
// missing value as an empty field, floats to 17 digits, bools as True/False.
//
//   mpiexec -n 3 groupby_pandas_check --dir /tmp/out --threads 1
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <dtask/dataframe/groupby.hpp>
#include <dtask/dataframe/read_csv.hpp>
#include <dtask/dataframe/series.hpp>
#include <dtask/mpi/runtime.hpp>

#include "random_frame.hpp"

namespace {

namespace dd = dtask::dataframe;
using dd::Agg;

std::string csv_cell(const dtask::Column& c, std::size_t r) {
  if (!c.is_valid(r)) return "";
  switch (c.type()) {
    case dtask::ColumnType::int64: return std::to_string(c.int64s()[r]);
    case dtask::ColumnType::float64: {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", c.float64s()[r]);
      return buffer;
    }
    case dtask::ColumnType::boolean: return c.bools()[r] ? "True" : "False";
    case dtask::ColumnType::string: return std::string(c.string_at(r));
  }
  return "";
}

void write_csv(const dtask::Table& t, const std::string& path) {
  std::ofstream out(path);
  for (std::size_t c = 0; c < t.width(); ++c) out << (c ? "," : "") << t.names()[c];
  out << '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.width(); ++c) out << (c ? "," : "") << csv_cell(t.column(c), r);
    out << '\n';
  }
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::vector<dd::Aggregation> named(const std::string& column, const std::vector<Agg>& aggs) {
  static const char* names[] = {"sum", "mean", "count", "size", "min", "max", "var", "std", "first", "last", "nunique"};
  std::vector<dd::Aggregation> out;
  for (Agg a : aggs) out.push_back({column, a, column + "_" + names[static_cast<int>(a)]});
  return out;
}

template <class... V>
std::vector<dd::Aggregation> joined(std::vector<dd::Aggregation> a, const V&... more) {
  (a.insert(a.end(), more.begin(), more.end()), ...);
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);  // worker ranks serve inside
  std::string dir;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--dir") dir = argv[i + 1];
  }
  if (dir.empty()) {
    std::cerr << "usage: groupby_pandas_check --dir DIR\n";
    return 2;
  }
  const dtask::Table table = dd::testing::random_table(5000, 300, 42, 0.08);
  write_csv(table, dir + "/input.csv");
  const dd::DataFrame frame = dd::from_table(table, 7);
  const std::vector<Agg> numeric = {Agg::sum, Agg::mean, Agg::count, Agg::min, Agg::max, Agg::var,
                                    Agg::std, Agg::first, Agg::last, Agg::nunique};

  dd::GroupByOptions every3;
  every3.split_every = 3;
  write_csv(dd::GroupBy(frame, {"k_str"}, every3)
                .agg(joined(named("v_float", numeric), std::vector<dd::Aggregation>{{"", Agg::size, "size"}}))
                .compute(), dir + "/str_float.csv");

  dd::GroupByOptions out3;
  out3.split_out = 3;
  out3.split_every = 2;
  write_csv(dd::GroupBy(frame, {"k_int"}, out3).agg(named("v_int", numeric)).compute(), dir + "/int_int.csv");

  write_csv(frame.groupby({"k_str", "k_bool"})
                .agg(joined(named("v_str", {Agg::count, Agg::min, Agg::max, Agg::first, Agg::last, Agg::nunique}),
                            named("v_bool", {Agg::sum, Agg::mean})))
                .compute(), dir + "/strbool_str.csv");

  dd::GroupByOptions ddof0;
  ddof0.ddof = 0;
  write_csv(dd::GroupBy(frame, {"k_float"}, ddof0).agg(named("v_int", {Agg::mean, Agg::var, Agg::std})).compute(),
            dir + "/float_ddof0.csv");

  // The input read back by read_csv in ranges of 20 kB, each parsed by the worker that runs it.
  const dd::DataFrame csv = dd::read_csv(dir + "/input.csv", {.blocksize = 20000});
  const std::vector<Agg> accumulated = {Agg::sum, Agg::mean, Agg::count, Agg::min, Agg::max, Agg::first, Agg::last};
  write_csv(csv.groupby("k_str")
                .agg(joined(named("v_float", accumulated), named("v_int", {Agg::sum, Agg::min, Agg::max}),
                            named("v_bool", {Agg::sum, Agg::mean}), std::vector<dd::Aggregation>{{"", Agg::size, "size"}}))
                .compute(), dir + "/csv_str.csv");
  dd::GroupByOptions out2;
  out2.split_out = 2;
  write_csv(dd::GroupBy(csv, {"k_int"}, out2).agg(named("v_float", {Agg::mean, Agg::count, Agg::first, Agg::last})).compute(),
            dir + "/csv_int.csv");

  write_csv(frame["k_str"].value_counts().compute(), dir + "/value_counts.csv");
  std::ofstream(dir + "/nunique.csv") << "nunique\n" << frame["v_str"].nunique().compute() << '\n';
  write_csv(frame.drop_duplicates({"k_int", "v_str"}).compute(), dir + "/drop_duplicates.csv");
  std::cout << "wrote " << dir << '\n';
  return 0;
}
