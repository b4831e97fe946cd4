// Transport: non-blocking batches between ranks over one duplicated communicator, through
// Boost.MPI. Only the thread that owns a Transport calls it (the scheduler thread on rank 0,
// the communication thread on a worker). A send never waits: its buffer is kept until MPI is
// done with it.
#pragma once

#include <mpi.h>

#include <boost/mpi/communicator.hpp>
#include <chrono>
#include <cstdint>
#include <list>
#include <optional>
#include <string>

#include "doorbell.hpp"
#include "protocol.hpp"

namespace dtask::mpi {

struct Message {
  int source;
  std::string bytes;
};

class Transport {
 public:
  // comm must stay valid while the Transport lives; it is not freed here. Collective over
  // comm (the doorbells).
  explicit Transport(MPI_Comm comm);

  // Every send rings the receiver's bell.
  Doorbells& doorbells() noexcept { return bells_; }

  int rank() const { return comm_.rank(); }
  int size() const { return comm_.size(); }

  void send(int destination, std::string bytes);
  // Sends a value's raw parts, one tag_payload message each, straight from its buffers; the
  // value is kept alive until MPI is done with them.
  void send_payload(int destination, const RawPayload& payload);
  // Receives the next payload from source straight into a new value (blocking: it follows the
  // batch just read, which described it).
  Value receive_payload(int source, const RawItem& item);
  // One waiting message, if any.
  std::optional<Message> receive();
  // Completes finished sends; true while some are still in flight.
  bool sends_pending();
  // Ends every rank of the job (MPI_Abort): for failures no rank can recover from.
  [[noreturn]] void abort(int code);

  std::uint64_t messages_sent() const noexcept { return messages_sent_; }
  std::uint64_t bytes_sent() const noexcept { return bytes_sent_; }
  // Bytes sent to ranks other than the scheduler's (worker to worker traffic).
  std::uint64_t bytes_to_workers() const noexcept { return bytes_to_workers_; }

 private:
  // Sends through the C API: one kind of request for batches and payloads.
  struct Outgoing {
    std::string bytes;
    Value payload;  // keeps a payload's buffers alive
    MPI_Request request = MPI_REQUEST_NULL;
  };
  boost::mpi::communicator comm_;
  Doorbells bells_;
  std::list<Outgoing> outgoing_;
  std::uint64_t messages_sent_ = 0;
  std::uint64_t bytes_sent_ = 0;
  std::uint64_t bytes_to_workers_ = 0;
};

// How an event loop waits when it has nothing to do: it keeps polling for a short while after
// the last activity (messages come in bursts), then sleeps on its rank's doorbell, which a
// message from a rank of this node or notify() from a thread of this process rings. Messages
// from other nodes ring no bell: the sleep lasts at most 250 us (1 ms once idle for 20 ms), in
// growing steps. Blocking MPI calls would spin at 100% of a core instead.
class IdleWait {
 public:
  explicit IdleWait(Doorbells& bells) : bells_(bells) {}
  // From any thread: the loop has work.
  void notify() { bells_.ring_own(); }
  // Call at the start of each loop iteration, before looking for work.
  void before() { ticket_ = bells_.ticket(); }
  // Call after each loop iteration; busy: whether it did anything; sending: sends of this loop
  // are still in flight. Large messages move only while their sender drives MPI, so a loop
  // with sends out never sleeps; it yields its core between polls, so that the threads it
  // waits for (a receiver on this core, its own compute threads) can run.
  void after(bool busy, bool sending = false);

 private:
  using clock = std::chrono::steady_clock;
  Doorbells& bells_;
  std::uint32_t ticket_ = 0;
  clock::time_point last_busy_ = clock::now();
  std::chrono::microseconds sleep_{0};
};

}  // namespace dtask::mpi
