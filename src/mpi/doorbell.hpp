// Doorbells: how an event loop sleeps without spinning and still wakes the moment a message
// arrives. MPI has no blocking wait that does not burn a core, so every rank of a node gets
// a doorbell (a counter in memory shared by the node's ranks); a sender rings the receiver's
// bell after each send, and threads of the same process ring their own rank's bell when they
// have work for its loop. A sleeping loop waits on its bell with a futex, which costs no CPU.
// Peers on other nodes have no bell here: their messages are found by the timed naps of
// IdleWait (transport.hpp), as before.
#pragma once

#include <mpi.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <vector>

namespace dtask::mpi {

class Doorbells {
 public:
  // Collective over comm (every rank constructs its Doorbells once, at start-up).
  explicit Doorbells(MPI_Comm comm);
  ~Doorbells();
  Doorbells(const Doorbells&) = delete;
  Doorbells& operator=(const Doorbells&) = delete;

  // Rings the bell of a rank of comm; does nothing for a rank on another node.
  void ring(int rank);
  // Rings this rank's own bell (from any thread of the process).
  void ring_own();
  // The bell of this rank as it is now; take it before looking for work.
  std::uint32_t ticket() const;
  // Sleeps until this rank's bell rings after ticket was taken, or timeout passes.
  void wait(std::uint32_t ticket, std::chrono::microseconds timeout);

 private:
  struct Bell {
    std::atomic<std::uint32_t> rings{0};
    std::atomic<std::uint32_t> sleepers{0};  // rings wake the kernel only when someone sleeps
  };
  static void ring(Bell& bell);

  Bell* bells_ = nullptr;              // one per rank of this node, in shared memory
  std::size_t bytes_ = 0;
  std::vector<Bell*> bell_of_rank_;    // by rank of comm; null for ranks on other nodes
  Bell* own_ = nullptr;
};

}  // namespace dtask::mpi
