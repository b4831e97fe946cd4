// Writes two generated tables as CSV and their merges for every how, on an int64 key, a string
// key and both, by the broadcast and the shuffle plan; check_merge_pandas.py compares them with
// pandas' merges of the same files.   merge_cases OUTPUT_DIR [--threads N]
#include <dtask/dataframe/merge.hpp>
#include <dtask/mpi/runtime.hpp>

#include <fstream>
#include <iostream>

#include "join_testing.hpp"

namespace {

namespace dd = dtask::dataframe;

// A trivial writer (no quoting needed: the cells are numbers and plain ids); missing is empty.
void write_csv(const dtask::Table& t, const std::string& path) {
  std::ofstream out(path);
  for (std::size_t c = 0; c < t.width(); ++c) out << (c ? "," : "") << t.names()[c];
  out << '\n';
  for (std::size_t r = 0; r < t.rows(); ++r) {
    for (std::size_t c = 0; c < t.width(); ++c) {
      out << (c ? "," : "") << (t.column(c).is_valid(r) ? t.column(c).format_at(r) : "");
    }
    out << '\n';
  }
}

}  // namespace

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);
  if (argc < 2) {
    std::cerr << "usage: merge_cases OUTPUT_DIR\n";
    return 2;
  }
  const std::string dir = argv[1];
  const dtask::Table left = dd::testing::join_table(700, 30, 31, 0, "v", 7);
  const dtask::Table right = dd::testing::join_table(90, 40, 32, 5000, "z", 6);
  write_csv(left, dir + "/left.csv");
  write_csv(right, dir + "/right.csv");
  const dd::DataFrame lf = dd::from_table(left, 5), rf = dd::from_table(right, 3);
  const char* hows[] = {"inner", "left", "right", "outer"};
  for (int h = 0; h < 4; ++h) {
    for (const auto& on : std::vector<std::vector<std::string>>{{"k"}, {"s"}, {"k", "s"}}) {
      for (std::int64_t broadcast : {1, 5}) {
        const auto how = static_cast<dd::How>(h);
        const dtask::Table joined =
            lf.merge(rf, dd::testing::merge_on(how, on, broadcast)).compute();
        std::string name =
            std::string(hows[h]) + "_" + on.front() + (on.size() > 1 ? "+" + on[1] : "");
        write_csv(joined, dir + "/" + name + "_" + std::to_string(broadcast) + ".csv");
      }
    }
  }
  return 0;
}
