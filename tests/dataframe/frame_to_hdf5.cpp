// Writes a filtered frame with computed columns to HDF5 and prints its describe() and a few
// reductions, for check_to_hdf5.py, which rebuilds the same rows with pandas from the same
// formula and compares.   frame_to_hdf5 OUT.h5 [ROWS] [PARTITIONS]
#include <cstdio>
#include <string>

#include <dtask/dataframe/series.hpp>
#include <dtask/dtask.hpp>

namespace dd = dtask::dataframe;

// The rows check_to_hdf5.py rebuilds: i, a (missing when i % 17 == 0), x (missing when
// i % 13 == 5), flag, s.
dtask::Table source(std::int64_t rows) {
  dtask::Column i(dtask::ColumnType::int64), a(dtask::ColumnType::int64),
      x(dtask::ColumnType::float64), flag(dtask::ColumnType::boolean), s(dtask::ColumnType::string);
  for (std::int64_t r = 0; r < rows; ++r) {
    i.append_int64(r);
    if (r % 17 == 0)
      a.append_null();
    else
      a.append_int64(r * 7919 % 1000 - 500);
    if (r % 13 == 5)
      x.append_null();
    else
      x.append_float64(static_cast<double>(r * 7907 % 2003) * 0.25 - 250);
    flag.append_bool(r % 3 == 0);
    s.append_string("s" + std::to_string(r % 4));
  }
  dtask::Table t;
  t.add_column("i", std::move(i));
  t.add_column("a", std::move(a));
  t.add_column("x", std::move(x));
  t.add_column("flag", std::move(flag));
  t.add_column("s", std::move(s));
  return t;
}

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);
  if (argc < 2) {
    std::fprintf(stderr, "usage: frame_to_hdf5 OUT.h5 [ROWS] [PARTITIONS]\n");
    return 2;
  }
  const std::int64_t rows = argc > 2 ? std::stoll(argv[2]) : 5003;
  const std::int64_t partitions = argc > 3 ? std::stoll(argv[3]) : 7;
  const dd::DataFrame f = dd::from_table(source(rows), partitions);
  const dd::DataFrame kept = f[f["x"] > -50];
  const dd::DataFrame out =
      kept.assign("z", kept["a"] * 2 + kept["x"]).assign("big", kept["a"] > 100);
  out.to_hdf5(argv[1], "/frame");

  const dtask::Table described = out.describe().compute();
  for (std::size_t c = 1; c < described.width(); ++c) {
    for (std::size_t r = 0; r < described.rows(); ++r) {
      std::printf("describe %s %s %.17g\n", described.names()[c].c_str(),
                  std::string(described.column(0).string_at(r)).c_str(),
                  described.column(c).float64s()[r]);
    }
  }
  const dd::Series z = out["z"];
  std::printf("len %lld\n", static_cast<long long>(out.len()));
  std::printf("sum z %.17g\nvar z %.17g\ncount z %lld\n", z.sum().compute(), z.var().compute(),
              static_cast<long long>(z.count().compute()));
  return 0;
}
