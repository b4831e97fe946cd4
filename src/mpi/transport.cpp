#include "transport.hpp"

#include <cstdlib>
#include <limits>
#include <thread>

#include "mpi_check.hpp"
#include "protocol.hpp"

namespace dtask::mpi {

Transport::Transport(MPI_Comm comm) : comm_(comm, boost::mpi::comm_attach), bells_(comm) {}

void Transport::send(int destination, std::string bytes) {
  auto& out = outgoing_.emplace_back();
  out.bytes = std::move(bytes);
  DTASK_MPI_CHECK(MPI_Isend(out.bytes.data(), static_cast<int>(out.bytes.size()), MPI_BYTE, destination, tag_batch,
                            comm_, &out.request));
  bells_.ring(destination);
  ++messages_sent_;
  bytes_sent_ += out.bytes.size();
  if (destination != scheduler_rank) bytes_to_workers_ += out.bytes.size();
}

namespace {

// One message holds at most INT_MAX bytes (MPI counts in int); so does each part, then.
int message_size(std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    DTASK_THROW(MpiError, "a value of " + std::to_string(size) + " bytes is too large for one MPI message");
  return static_cast<int>(size);
}

}  // namespace

// A raw value goes as one message per part, in order (MPI keeps the messages of one source and
// tag in order), or one empty message when it has none. Not one message of a datatype over
// the parts: Open MPI's shared memory moves a contiguous message in one copy that the receiver
// pulls, but a non-contiguous datatype through fragments that move only while the sender is
// inside MPI (two to three times slower between busy workers here).
void Transport::send_payload(int destination, const RawPayload& payload) {
  const int size = message_size(raw_bytes(payload.parts));
  const auto post = [&](std::span<const std::byte> bytes) {
    auto& out = outgoing_.emplace_back();
    out.payload = payload.value;
    DTASK_MPI_CHECK(MPI_Isend(const_cast<std::byte*>(bytes.data()), static_cast<int>(bytes.size()), MPI_BYTE,
                              destination, tag_payload, comm_, &out.request));
  };
  if (payload.parts.empty()) post({});
  for (const auto& part : payload.parts) post(part);
  bells_.ring(destination);
  ++messages_sent_;
  bytes_sent_ += static_cast<std::uint64_t>(size);
  if (destination != scheduler_rank) bytes_to_workers_ += static_cast<std::uint64_t>(size);
}

Value Transport::receive_payload(int source, const RawItem& item) {
  const ValueType* type = detail::find_value_type(item.type);
  if (!type) DTASK_THROW(MpiError, "received a value of a type this rank does not know: " + item.type);
  std::vector<std::span<std::byte>> parts;
  Value value = Value::from_raw(*type, item.description, parts);
  const int size = message_size(raw_bytes(parts));
  if (static_cast<std::uint64_t>(size) != item.bytes) {
    DTASK_THROW(MpiError, "a " + type->pretty() + " announced as " + std::to_string(item.bytes) + " bytes has " +
                              std::to_string(size));
  }
  const auto receive_into = [&](std::span<std::byte> bytes) {
    MPI_Status status;
    DTASK_MPI_CHECK(MPI_Recv(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, source, tag_payload, comm_, &status));
    int received = 0;
    DTASK_MPI_CHECK(MPI_Get_count(&status, MPI_BYTE, &received));
    if (static_cast<std::size_t>(received) != bytes.size()) {
      DTASK_THROW(MpiError, "a part of " + std::to_string(bytes.size()) + " bytes of a " + type->pretty() +
                                " arrived with " + std::to_string(received));
    }
  };
  if (parts.empty()) receive_into({});
  for (const auto& part : parts) receive_into(part);
  return value;
}

std::optional<Message> Transport::receive() {
  boost::optional<boost::mpi::status> status = comm_.iprobe(boost::mpi::any_source, tag_batch);
  if (!status) return std::nullopt;
  Message message;
  message.source = status->source();
  int count = status->count<char>().value_or(0);
  message.bytes.resize(static_cast<std::size_t>(count));
  comm_.recv(message.source, tag_batch, message.bytes.data(), count);
  return message;
}

bool Transport::sends_pending() {
  for (auto it = outgoing_.begin(); it != outgoing_.end();) {
    int done = 0;
    DTASK_MPI_CHECK(MPI_Test(&it->request, &done, MPI_STATUS_IGNORE));
    if (done) it = outgoing_.erase(it);
    else ++it;
  }
  return !outgoing_.empty();
}

void Transport::abort(int code) {
  comm_.abort(code);
  std::abort();  // MPI_Abort does not return; this keeps the promise to the compiler
}

void IdleWait::after(bool busy, bool sending) {
  using namespace std::chrono_literals;
  auto now = clock::now();
  if (busy) {
    last_busy_ = now;
    sleep_ = 0us;
    return;
  }
  if (sending) {
    std::this_thread::yield();
    return;
  }
  if (now - last_busy_ < 200us) {  // keep polling, more is likely on its way, but let a
    std::this_thread::yield();      // compute thread that shares this core run first
    return;
  }
  // Short naps while work is likely to resume (a peer's reply), long ones once idle for good.
  const auto longest = now - last_busy_ > 20ms ? 1000us : 250us;
  sleep_ = std::min<std::chrono::microseconds>(longest, sleep_ == 0us ? 20us : sleep_ * 2);
  bells_.wait(ticket_, sleep_);
  if (bells_.ticket() != ticket_) {  // rung: work has come
    last_busy_ = clock::now();
    sleep_ = 0us;
  }
}

}  // namespace dtask::mpi
