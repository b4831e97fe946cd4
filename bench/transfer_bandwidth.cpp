// Worker-to-worker bandwidth for large chunks: each round makes two 8 MiB matrices on the two
// workers and reads both in one task, so one of them crosses between workers. The workers
// time each fetch from request to arrival (--stats: fetched_bytes, fetch_seconds); the same
// round with both inputs on one worker gives a second, coarser estimate (round times). Run at
// 3 ranks:
//
//   mpirun -np 3 --bind-to none build/bench/transfer_bandwidth --mib 8 --rounds 20 --stats s.json
#include <CLI/CLI.hpp>
#include <chrono>
#include <cmath>
#include <dtask/dtask.hpp>
#include <iostream>

// A chunk as the arrays make them (dtask::Chunk): the receiver takes its buffer from the
// process's pool of chunk buffers and does not clear it before the bytes land in it.
dtask::Chunk filled(long n, double value) {
  dtask::Chunk c(dtask::DType::float64, {n});
  c.flat<double>().setConstant(value);
  return c;
}
double dot(const dtask::Chunk& a, const dtask::Chunk& b) { return a.flat<double>().matrix().dot(b.flat<double>().matrix()); }
DTASK_FUNCTIONS(filled, dot);

// Seconds for one round: dot of two fresh chunks (crossing: made by two roots, which go to
// different workers) or of one chunk with itself (no transfer).
double round_seconds(long n, bool crossing) {
  auto a = dtask::delayed(filled)(n, 1.0);
  auto b = crossing ? dtask::delayed(filled)(n, 2.0) : a;
  auto start = std::chrono::steady_clock::now();
  double result = dtask::delayed(dot)(a, b).compute();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (result != static_cast<double>(n) * (crossing ? 2.0 : 1.0)) throw std::runtime_error("wrong dot product");
  return seconds;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main(int argc, char** argv) {
  dtask::Runtime rt(argc, argv);
  CLI::App app{"Worker-to-worker bandwidth for large chunks"};
  long mib = 8, rounds = 20;
  app.add_option("--mib", mib, "size of each chunk in MiB");
  app.add_option("--rounds", rounds, "rounds of each kind");
  CLI11_PARSE(app, argc, argv);
  if (rt.workers() < 2) {
    std::cerr << "transfer_bandwidth needs two workers: mpirun -np 3" << std::endl;
    return 2;
  }
  const long n = mib * (1 << 20) / static_cast<long>(sizeof(double));
  std::vector<double> crossing, local;
  for (long r = 0; r < rounds; ++r) {
    crossing.push_back(round_seconds(n, true));
    local.push_back(round_seconds(n, false));
  }
  // The crossing round makes one more chunk than the local one: count it as local work.
  const double transfer = median(crossing) - median(local) * 1.5;
  const double bytes = static_cast<double>(n) * sizeof(double);
  std::cout << "round_with_transfer_seconds: " << median(crossing) << "\n"
            << "round_without_seconds: " << median(local) << "\n"
            << "transfer_seconds: " << transfer << "\n"
            << "result: " << bytes / transfer / 1e9 << " GB/s" << std::endl;
}
