// Reads a CSV with dtask and writes it back with to_csv, for check_read_csv_pandas.py, which
// compares both with pandas. Prints one "dtype NAME TYPE" line per column and "rows: N".
//
//   mpirun -np 3 ./csv_roundtrip_app --input in.csv --output out.csv --blocksize 100 --threads 1
#include <CLI/CLI.hpp>
#include <dtask/dataframe/read_csv.hpp>
#include <dtask/mpi/runtime.hpp>
#include <iostream>

namespace dd = dtask::dataframe;

int run(int argc, char** argv) {
  CLI::App app{"read_csv, then to_csv"};
  std::string input, output;
  dd::CsvOptions options;
  app.add_option("--input", input, "CSV file or glob")->required();
  app.add_option("--output", output, "CSV file to write (or a pattern with *)")->required();
  app.add_option("--blocksize", options.blocksize, "bytes per partition (0: default)");
  CLI11_PARSE(app, argc, argv);
  const dd::DataFrame frame = dd::read_csv(input, options);
  for (const auto& [name, type] : frame.dtypes())
    std::cout << "dtype " << name << " " << dtask::to_string(type) << "\n";
  frame.to_csv(output);
  std::cout << "partitions: " << frame.npartitions() << "\nrows: " << frame.compute().rows()
            << std::endl;
  return 0;
}

int main(int argc, char** argv) {
  try {
    dtask::Runtime rt(argc, argv);  // ranks >= 1 work in here
    return run(argc, argv);
  } catch (const dtask::Error& e) {
    std::cerr << "csv_roundtrip_app: " << e.what() << "\n";
    return 1;
  }
}
