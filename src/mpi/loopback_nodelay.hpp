// Open MPI's PMIx client talks to its local server (mpirun, or the node's daemon) over a TCP
// socket on the loopback address without TCP_NODELAY. At MPI_Finalize it writes several small
// messages in a row; Nagle's algorithm holds the second until the server's delayed ACK, which
// costs every job 40 ms at its end (strace of both sides: 47 ms of finalize, 3 to 5 ms with
// the option set). dtask's own traffic never uses those sockets.
//
//   MPI_Init_thread(...);
//   set_nodelay_on_loopback_sockets();  // how many sockets it set, for the log
#pragma once

namespace dtask::mpi {

// Sets TCP_NODELAY on every TCP socket of this process whose peer is on the loopback address;
// returns how many. Only latency changes; a system without /proc/self/fd sets none.
int set_nodelay_on_loopback_sockets();

}  // namespace dtask::mpi
