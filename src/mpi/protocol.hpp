// The MPI protocol of dtask: who sends what to whom. Control messages are batches of
// operations serialised with Boost.Serialization; each operation starts with its Kind.
//
//   scheduler (rank 0) -> worker:  profiling, run_task, free_keys, send_results, steal, shutdown
//   worker -> scheduler:           hello, task_done, task_failed, results, stolen, paused, transfers,
//                                  memory, goodbye
//   worker -> worker:              fetch (please send me these keys), data (here they are)
//
// Every kind is handled in exactly one place: worker.cpp (profiling, run_task, free_keys,
// send_results, steal, shutdown, fetch, data) and scheduler_rank.cpp (hello, task_done,
// task_failed, results, stolen, paused, transfers, memory, goodbye).
//
// Times a worker reports (Hello::clock, TaskDone::start, Transfer, MemoryUse) are its own
// steady-clock seconds; the scheduler converts them to its clock (profile_collector.hpp).
#pragma once

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <cstdint>
#include <span>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

#include <dtask/core/plan.hpp>
#include <dtask/core/task.hpp>
#include <dtask/sched/run_stats.hpp>

namespace dtask::mpi {

// Tags: batches of operations, and the raw parts of values that follow a batch (raw_form.hpp).
constexpr int tag_batch = 1;
constexpr int tag_payload = 2;

constexpr int scheduler_rank = 0;

enum class Kind : std::uint8_t {
  hello,
  run_task,
  free_keys,
  send_results,
  shutdown,
  task_done,
  task_failed,
  results,
  fetch,
  data,
  goodbye,
  steal,
  stolen,
  paused,
  transfers,
  profiling,
  memory,
};

// A worker introduces itself once, at start-up, with its clock when it sent this.
struct Hello {
  static constexpr Kind kind = Kind::hello;
  std::uint32_t threads = 0;
  double clock = 0;
  template <class A> void serialize(A& ar, unsigned) { ar & threads & clock; }
};

// Where an input of a task lives.
struct InputLocation {
  Key key;
  std::int32_t holder = 0;
  std::uint64_t nbytes = 0;
  template <class A> void serialize(A& ar, unsigned) { ar & key & holder & nbytes; }
};

// A value whose parts follow the batch as tag_payload messages (one per part), in the order of
// the items.
struct RawItem {
  std::string type;         // ValueType::name
  std::string description;  // RawForm::description: what the receiver needs to make the value
  std::uint64_t bytes = 0;  // the parts' sizes added up
  template <class A> void serialize(A& ar, unsigned) { ar & type & description & bytes; }
};

// A raw value on its way out: its parts, taken from its raw form once, for the payload messages.
struct RawPayload {
  Value value;  // keeps the parts' buffers alive
  std::vector<std::span<const std::byte>> parts;
};

// The batch's item announcing value; payload gets what the messages after the batch send.
inline RawItem raw_item(const Value& value, RawPayload& payload) {
  RawForm form = value.raw_form();
  payload = {value, std::move(form.parts)};
  return RawItem{value.type().name, std::move(form.description), raw_bytes(payload.parts)};
}

// Counted sequences of run_task: a 32-bit count, then the items.
template <class A, class Range>
void save_counted(A& ar, const Range& items) {
  const auto count = static_cast<std::uint32_t>(items.size());
  ar << count;
  for (const auto& item : items) ar << item;
}
template <class A, class Item, class Read>
void load_counted(A& ar, std::vector<Item>& items, Read&& read) {
  std::uint32_t count = 0;
  ar >> count;
  items.resize(count);
  for (Item& item : items) read(item);
}

// Run one plan node: its steps (a fused chain, usually one task), how their key arguments map
// to inputs (PlanNode::slots), and where the inputs are. The worker reads it; the scheduler
// writes the same bytes with PlannedRun.
struct RunTask {
  static constexpr Kind kind = Kind::run_task;
  std::uint32_t job = 0;
  std::uint32_t node = 0;
  std::uint32_t priority = 0;
  std::vector<std::pair<Key, Task>> steps;
  std::vector<std::uint32_t> slots;
  std::vector<InputLocation> inputs;
  template <class A> void load(A& ar, unsigned) {
    ar >> job >> node >> priority;
    load_counted(ar, steps, [&](auto& step) { ar >> step.first >> step.second; });
    load_counted(ar, slots, [&](auto& slot) { ar >> slot; });
    load_counted(ar, inputs, [&](auto& input) { ar >> input; });
  }
  template <class A> void save(A&, unsigned) const = delete;
  BOOST_SERIALIZATION_SPLIT_MEMBER()
};

// The scheduler's side of RunTask: written straight from the plan node and the input
// locations, without copying keys and tasks first.
struct PlannedRun {
  static constexpr Kind kind = Kind::run_task;
  std::uint32_t job = 0;
  std::uint32_t node = 0;
  const PlanNode& plan_node;
  const std::vector<InputLocation>& inputs;
  template <class A> void save(A& ar, unsigned) const {
    ar << job << node << plan_node.priority;
    const auto steps = static_cast<std::uint32_t>(plan_node.steps.size());
    ar << steps;
    for (const PlanStep& step : plan_node.steps) ar << *step.key << *step.task;
    save_counted(ar, plan_node.slots);
    save_counted(ar, inputs);
  }
  template <class A> void load(A&, unsigned) = delete;
  BOOST_SERIALIZATION_SPLIT_MEMBER()
};

struct FreeKeys {
  static constexpr Kind kind = Kind::free_keys;
  std::vector<Key> keys;
  template <class A> void serialize(A& ar, unsigned) { ar & keys; }
};

// Send these results to rank 0 (the client asked for them).
struct SendResults {
  static constexpr Kind kind = Kind::send_results;
  std::uint32_t job = 0;
  std::vector<std::pair<std::uint32_t, Key>> nodes;
  template <class A> void serialize(A& ar, unsigned) { ar & job & nodes; }
};

struct Shutdown {
  static constexpr Kind kind = Kind::shutdown;
  template <class A> void serialize(A&, unsigned) {}
};

// A task ran from start to start + seconds (worker clock) on compute thread `thread`, after
// fetching bytes_in of its inputs from other workers.
struct TaskDone {
  static constexpr Kind kind = Kind::task_done;
  std::uint32_t job = 0;
  std::uint32_t node = 0;
  std::uint64_t nbytes = 0;
  double seconds = 0;
  double start = 0;
  std::uint32_t thread = 0;
  std::uint64_t bytes_in = 0;
  template <class A> void serialize(A& ar, unsigned) { ar & job & node & nbytes & seconds & start & thread & bytes_in; }
};

// A task whose function threw: the key and message of the failure, and when and where it ran
// (as TaskDone, with no result), so that profiles show failed tasks too.
struct TaskFailed {
  static constexpr Kind kind = Kind::task_failed;
  TaskDone run;
  std::string key;
  std::string message;
  template <class A> void serialize(A& ar, unsigned) { ar & run & key & message; }
};

struct Results {
  static constexpr Kind kind = Kind::results;
  std::uint32_t job = 0;
  std::vector<std::pair<std::uint32_t, Value>> values;    // by node
  std::vector<std::pair<std::uint32_t, RawItem>> raw;     // by node; bytes follow
  template <class A> void serialize(A& ar, unsigned) { ar & job & values & raw; }
};

// Give these tasks back if they have not started (work stealing).
struct Steal {
  static constexpr Kind kind = Kind::steal;
  std::uint32_t job = 0;
  std::vector<std::uint32_t> nodes;
  template <class A> void serialize(A& ar, unsigned) { ar & job & nodes; }
};

// The answer to Steal: for each task, whether it was given back.
struct Stolen {
  static constexpr Kind kind = Kind::stolen;
  std::uint32_t job = 0;
  std::vector<std::pair<std::uint32_t, bool>> nodes;
  template <class A> void serialize(A& ar, unsigned) { ar & job & nodes; }
};

// A worker's memory crossed its pause fraction (paused: it starts no new task) or came back.
struct Paused {
  static constexpr Kind kind = Kind::paused;
  bool paused = false;
  template <class A> void serialize(A& ar, unsigned) { ar & paused; }
};

// Inputs a worker fetched from its peers (for the profiler), sent with its next completions.
struct Transfer {
  Key key;
  std::int32_t from = 0;
  std::uint64_t bytes = 0;
  double start = 0;  // worker clock: the fetch sent
  double end = 0;    // its data received
  template <class A> void serialize(A& ar, unsigned) { ar & key & from & bytes & start & end; }
};
struct Transfers {
  static constexpr Kind kind = Kind::transfers;
  std::vector<Transfer> items;
  template <class A> void serialize(A& ar, unsigned) { ar & items; }
};

// The profiler is on for job `job` (the worker samples its memory while it has tasks of it), or
// off. Sent to every worker when a recorded job starts, and once when recording stops.
struct Profiling {
  static constexpr Kind kind = Kind::profiling;
  std::uint32_t job = 0;
  bool on = false;
  template <class A> void serialize(A& ar, unsigned) { ar & job & on; }
};

// A value a worker spilled to disk (to_disk) or read back, during a recorded job.
struct Spill {
  Key key;
  bool to_disk = true;
  std::uint64_t bytes = 0;
  double start = 0;  // worker clock
  double end = 0;
  template <class A> void serialize(A& ar, unsigned) { ar & key & to_disk & bytes & start & end; }
};

// Samples of a worker's memory during a recorded job (sched::MemorySample) and its spills, sent
// with a batch that goes to the scheduler anyway.
struct MemoryUse {
  double time = 0;  // worker clock
  std::uint64_t resident_bytes = 0;
  std::uint64_t stored_bytes = 0;
  std::uint64_t spilled_bytes = 0;
  template <class A> void serialize(A& ar, unsigned) { ar & time & resident_bytes & stored_bytes & spilled_bytes; }
};
struct MemoryReport {
  static constexpr Kind kind = Kind::memory;
  std::uint32_t job = 0;
  std::vector<MemoryUse> items;
  std::vector<Spill> spills;
  template <class A> void serialize(A& ar, unsigned) { ar & job & items & spills; }
};

// A worker's last word, in answer to shutdown: its traffic counters, what it still holds, the
// inputs it fetched (bytes, seconds from each fetch sent to its data received, and the median
// bandwidth of one fetch), and its memory (limit, spills, pauses, peak resident bytes).
struct Goodbye {
  static constexpr Kind kind = Kind::goodbye;
  std::uint64_t messages = 0;
  std::uint64_t bytes_to_workers = 0;
  std::uint64_t keys_held = 0;
  std::uint64_t fetched_bytes = 0;
  double fetch_seconds = 0;
  double fetch_bandwidth_median = 0;
  sched::WorkerMemory memory;
  template <class A> void serialize(A& ar, unsigned) {
    ar & messages & bytes_to_workers & keys_held & fetched_bytes & fetch_seconds & fetch_bandwidth_median;
    ar & memory.memory_limit & memory.spill_count & memory.spilled_bytes & memory.unspilled_count &
        memory.unspilled_bytes & memory.pause_count & memory.peak_resident_bytes;
  }
};

// Worker to worker: "please send me these keys".
struct Fetch {
  static constexpr Kind kind = Kind::fetch;
  std::vector<Key> keys;
  template <class A> void serialize(A& ar, unsigned) { ar & keys; }
};

// Worker to worker: the values asked for; those with a raw form travel as payloads.
struct Data {
  static constexpr Kind kind = Kind::data;
  std::vector<std::pair<Key, Value>> values;
  std::vector<std::pair<Key, RawItem>> raw;
  template <class A> void serialize(A& ar, unsigned) { ar & values & raw; }
};

// The bytes of one message as a stream buffer: writes append to a string that is handed over
// whole (no copy), reads walk a string that is owned here (no copy either).
class MessageBuffer : public std::streambuf {
 public:
  MessageBuffer() = default;
  explicit MessageBuffer(std::string bytes) : bytes_(std::move(bytes)) {
    setg(bytes_.data(), bytes_.data(), bytes_.data() + bytes_.size());
  }
  std::string take() { return std::move(bytes_); }
  bool at_end() { return gptr() == egptr(); }

 protected:
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    bytes_.append(s, static_cast<std::size_t>(n));
    return n;
  }
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) bytes_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }

 private:
  std::string bytes_;
};

constexpr unsigned archive_flags = boost::archive::no_header | boost::archive::no_codecvt;

// Collects operations for one destination into one message.
class BatchWriter {
 public:
  BatchWriter() : archive_(buffer_, archive_flags) {}

  template <class Op>
  void add(const Op& op) {
    auto kind = static_cast<std::uint8_t>(Op::kind);
    archive_ << kind << op;
    ++count_;
  }
  std::size_t count() const noexcept { return count_; }
  // The message; the writer is spent afterwards.
  std::string bytes() { return buffer_.take(); }

 private:
  MessageBuffer buffer_;
  boost::archive::binary_oarchive archive_;
  std::size_t count_ = 0;
};

// Reads the operations of one message in order: next() gives the kind, read<Op>() the operation.
class BatchReader {
 public:
  explicit BatchReader(std::string bytes) : buffer_(std::move(bytes)), archive_(buffer_, archive_flags) {}

  bool next(Kind& kind) {
    if (buffer_.at_end()) return false;
    std::uint8_t k = 0;
    archive_ >> k;
    kind = static_cast<Kind>(k);
    return true;
  }
  template <class Op>
  Op read() {
    Op op;
    archive_ >> op;
    return op;
  }

 private:
  MessageBuffer buffer_;
  boost::archive::binary_iarchive archive_;
};

}  // namespace dtask::mpi

// The operations above are plain data written and read by this header alone: no class
// versions and no object tracking in the archive, so Boost serialises each one by a direct
// call instead of looking its class up (a string-keyed set) for every operation written.
#define DTASK_PROTOCOL_STRUCT(T)                                                       \
  BOOST_CLASS_IMPLEMENTATION(dtask::mpi::T, boost::serialization::object_serializable) \
  BOOST_CLASS_TRACKING(dtask::mpi::T, boost::serialization::track_never)
DTASK_PROTOCOL_STRUCT(Hello)
DTASK_PROTOCOL_STRUCT(InputLocation)
DTASK_PROTOCOL_STRUCT(RawItem)
DTASK_PROTOCOL_STRUCT(RunTask)
DTASK_PROTOCOL_STRUCT(PlannedRun)
DTASK_PROTOCOL_STRUCT(FreeKeys)
DTASK_PROTOCOL_STRUCT(SendResults)
DTASK_PROTOCOL_STRUCT(Shutdown)
DTASK_PROTOCOL_STRUCT(TaskDone)
DTASK_PROTOCOL_STRUCT(TaskFailed)
DTASK_PROTOCOL_STRUCT(Results)
DTASK_PROTOCOL_STRUCT(Steal)
DTASK_PROTOCOL_STRUCT(Stolen)
DTASK_PROTOCOL_STRUCT(Paused)
DTASK_PROTOCOL_STRUCT(Transfer)
DTASK_PROTOCOL_STRUCT(Transfers)
DTASK_PROTOCOL_STRUCT(Profiling)
DTASK_PROTOCOL_STRUCT(MemoryUse)
DTASK_PROTOCOL_STRUCT(Spill)
DTASK_PROTOCOL_STRUCT(MemoryReport)
DTASK_PROTOCOL_STRUCT(Goodbye)
DTASK_PROTOCOL_STRUCT(Fetch)
DTASK_PROTOCOL_STRUCT(Data)

// The pairs and sequences inside the operations, likewise.
namespace dtask::mpi::wire {
using KeyTask = std::pair<Key, Task>;
using KeyValue = std::pair<Key, Value>;
using KeyRaw = std::pair<Key, RawItem>;
using NodeKey = std::pair<std::uint32_t, Key>;
using NodeValue = std::pair<std::uint32_t, Value>;
using NodeRaw = std::pair<std::uint32_t, RawItem>;
using NodeFlag = std::pair<std::uint32_t, bool>;
using KeyValues = std::vector<KeyValue>;
using KeyRaws = std::vector<KeyRaw>;
using NodeKeys = std::vector<NodeKey>;
using NodeValues = std::vector<NodeValue>;
using NodeRaws = std::vector<NodeRaw>;
using NodeFlags = std::vector<NodeFlag>;
using TransferItems = std::vector<Transfer>;
using MemoryUses = std::vector<MemoryUse>;
using Spills = std::vector<Spill>;
}  // namespace dtask::mpi::wire
DTASK_PROTOCOL_STRUCT(wire::KeyTask)
DTASK_PROTOCOL_STRUCT(wire::KeyValue)
DTASK_PROTOCOL_STRUCT(wire::KeyRaw)
DTASK_PROTOCOL_STRUCT(wire::NodeKey)
DTASK_PROTOCOL_STRUCT(wire::NodeValue)
DTASK_PROTOCOL_STRUCT(wire::NodeRaw)
DTASK_PROTOCOL_STRUCT(wire::NodeFlag)
DTASK_PROTOCOL_STRUCT(wire::KeyValues)
DTASK_PROTOCOL_STRUCT(wire::KeyRaws)
DTASK_PROTOCOL_STRUCT(wire::NodeKeys)
DTASK_PROTOCOL_STRUCT(wire::NodeValues)
DTASK_PROTOCOL_STRUCT(wire::NodeRaws)
DTASK_PROTOCOL_STRUCT(wire::NodeFlags)
DTASK_PROTOCOL_STRUCT(wire::TransferItems)
DTASK_PROTOCOL_STRUCT(wire::MemoryUses)
DTASK_PROTOCOL_STRUCT(wire::Spills)
#undef DTASK_PROTOCOL_STRUCT
