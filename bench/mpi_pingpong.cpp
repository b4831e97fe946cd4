// The peer of transfer_bandwidth: a plain MPI ping-pong of the same message size between
// ranks 0 and 1, one-way bandwidth from the median round trip.
//
//   mpirun -np 2 --bind-to none build/bench/mpi_pingpong --mib 8 --rounds 20 [--buffers 8]
#include <mpi.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  long mib = 8, rounds = 20, buffers = 1;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--mib") mib = std::atol(argv[i + 1]);
    if (std::string(argv[i]) == "--rounds") rounds = std::atol(argv[i + 1]);
    if (std::string(argv[i]) == "--buffers") buffers = std::atol(argv[i + 1]);
  }
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  const int bytes = static_cast<int>(mib << 20);
  // --buffers N rotates through N buffers, so that a round's data is no longer in the cache
  // from the round before (as chunks moving between workers are not).
  std::vector<std::vector<char>> pool(static_cast<std::size_t>(std::max(1L, buffers)),
                                      std::vector<char>(static_cast<std::size_t>(bytes), 1));
  std::vector<double> trips;
  for (long r = 0; r < rounds; ++r) {
    std::vector<char>& buffer = pool[static_cast<std::size_t>(r) % pool.size()];
    MPI_Barrier(MPI_COMM_WORLD);
    double start = MPI_Wtime();
    if (rank == 0) {
      MPI_Send(buffer.data(), bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD);
      MPI_Recv(buffer.data(), bytes, MPI_CHAR, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else if (rank == 1) {
      MPI_Recv(buffer.data(), bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(buffer.data(), bytes, MPI_CHAR, 0, 0, MPI_COMM_WORLD);
    }
    trips.push_back(MPI_Wtime() - start);
  }
  if (rank == 0) {
    std::sort(trips.begin(), trips.end());
    double one_way = trips[trips.size() / 2] / 2;
    std::cout << "transfer_seconds: " << one_way << "\n"
              << "result: " << static_cast<double>(bytes) / one_way / 1e9 << " GB/s" << std::endl;
  }
  MPI_Finalize();
}
