#include "transport.hpp"

#include "protocol.hpp"

#include <cstdlib>
#include <limits>
#include <thread>

namespace dtask::mpi {

Transport::Transport(MPI_Comm comm) : comm_(comm, boost::mpi::comm_attach), bells_(comm) {}

void Transport::send(int destination, std::string bytes) {
  auto& out = outgoing_.emplace_back();
  out.bytes = std::move(bytes);
  out.request = comm_.isend(destination, tag_batch, out.bytes.data(), static_cast<int>(out.bytes.size()));
  bells_.ring(destination);
  ++messages_sent_;
  bytes_sent_ += out.bytes.size();
  if (destination != scheduler_rank) bytes_to_workers_ += out.bytes.size();
}

namespace {

int message_size(std::size_t size) {
  if (size > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    DTASK_THROW(MpiError, "a value of " + std::to_string(size) + " bytes is too large for one MPI message");
  return static_cast<int>(size);
}

}  // namespace

void Transport::send_payload(int destination, const Value& value) {
  auto& out = outgoing_.emplace_back();
  out.payload = value;
  out.request = comm_.isend(destination, tag_payload, static_cast<const char*>(value.raw_data()),
                            message_size(value.raw_size()));
  bells_.ring(destination);
  ++messages_sent_;
  bytes_sent_ += value.raw_size();
  if (destination != scheduler_rank) bytes_to_workers_ += value.raw_size();
}

Value Transport::receive_payload(int source, const RawItem& item) {
  const ValueType* type = detail::find_value_type(item.type);
  if (!type) DTASK_THROW(MpiError, "received a value of a type this rank does not know: " + item.type);
  void* bytes = nullptr;
  Value value = Value::from_raw(*type, item.shape, &bytes);
  comm_.recv(source, tag_payload, static_cast<char*>(bytes), message_size(item.bytes));
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
    if (it->request.test()) it = outgoing_.erase(it);
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
