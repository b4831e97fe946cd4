#include "worker.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <pthread.h>
#include <queue>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <dtask/core/execute.hpp>
#include <dtask/core/log.hpp>
#include <dtask/core/process_memory.hpp>
#include <dtask/sched/run_log.hpp>

#include "data_store.hpp"
#include "protocol.hpp"
#include "transport.hpp"

namespace dtask::mpi {

namespace {

// A task received from the scheduler, with a PlanNode view of it for execute().
struct WorkerTask {
  RunTask message;
  PlanNode node;
  std::size_t missing = 0;  // inputs not yet in the store
  std::uint64_t bytes_in = 0;  // of the inputs this task asked other workers for
  // Taken by the compute thread that runs it, or by the comm thread that gives it back to a
  // steal: whoever sets it first owns the task, so it never runs twice.
  std::atomic<bool> claimed{false};
};

std::uint64_t task_id(std::uint32_t job, std::uint32_t node) { return (std::uint64_t{job} << 32) | node; }

double now_seconds() { return sched::clock_seconds(std::chrono::steady_clock::now()); }

struct Completion {
  std::shared_ptr<WorkerTask> task;
  std::uint64_t nbytes = 0;
  double start = 0;  // steady-clock seconds
  double seconds = 0;
  unsigned thread = 0;
  std::optional<TaskError> error;
};

class Worker {
 public:
  Worker(MPI_Comm comm, const WorkerOptions& options)
      : transport_(comm),
        threads_(options.threads == 0 ? 1 : options.threads),
        store_({.memory_limit = options.memory_limit,
                .local_dir = options.local_dir,
                .name = "dtask-worker-" + std::to_string(transport_.rank()),
                .on_pause_change = [this] { on_pause_change(); }}) {}

  void run() {
    pthread_setname_np(pthread_self(), "dtask-comm");  // names shown by top -H, gdb and perf
    BatchWriter hello;
    hello.add(Hello{static_cast<std::uint32_t>(threads_), now_seconds()});
    transport_.send(scheduler_rank, hello.bytes());

    std::vector<std::jthread> compute;
    for (unsigned i = 0; i < threads_; ++i) compute.emplace_back([this, i] { compute_loop(i); });
    struct StopCompute {
      Worker* self;
      ~StopCompute() { self->stop_compute(); }
    } stop_on_exit{this};

    while (!shutdown_) {
      idle_.before();
      bool busy = false;
      while (auto message = transport_.receive()) {
        handle(std::move(*message));
        busy = true;
      }
      const bool finished = report_completions();
      busy |= finished;
      report_pause();
      report_memory(finished);
      flush();
      if (!shutdown_) idle_.after(busy, transport_.sends_pending());
    }
    while (transport_.sends_pending()) std::this_thread::yield();
  }

 private:
  // --- the comm thread: one handler per message kind ------------------------------------

  void handle(Message message) {
    BatchReader reader(std::move(message.bytes));
    Kind kind;
    while (reader.next(kind)) {
      switch (kind) {
        case Kind::profiling: on_profiling(reader.read<Profiling>()); break;
        case Kind::run_task: on_run_task(reader.read<RunTask>()); break;
        case Kind::free_keys: on_free_keys(reader.read<FreeKeys>()); break;
        case Kind::send_results: on_send_results(reader.read<SendResults>()); break;
        case Kind::steal: on_steal(reader.read<Steal>()); break;
        case Kind::fetch: on_fetch(message.source, reader.read<Fetch>()); break;
        case Kind::data: on_data(message.source, reader.read<Data>()); break;
        case Kind::shutdown: on_shutdown(reader.read<Shutdown>()); break;
        default: DTASK_THROW(MpiError, "worker received an unexpected message kind " + std::to_string(static_cast<int>(kind)) + " from rank " + std::to_string(message.source));
      }
    }
  }

  void on_shutdown(const Shutdown&) {
    shutdown_ = true;
    // Goodbye ends the shut-down handshake: no samples of a past job may ride with it.
    profiling_ = false;
    DTASK_LOG(debug, "shutting down, " << store_.size() << " values held, " << fetched_bytes_ << " bytes fetched");
    const DataStore::Stats s = store_.stats();
    const sched::WorkerMemory memory{store_.memory_limit(), s.spill_count,   s.spilled_bytes,
                                     s.unspilled_count,     s.unspilled_bytes, s.pause_count,
                                     peak_resident_bytes()};
    batch_for(scheduler_rank).add(Goodbye{transport_.messages_sent() + 1, transport_.bytes_to_workers(), store_.size(),
                                          fetched_bytes_, fetch_seconds_, median(fetch_rates_), memory});
  }

  // From the store's monitor thread: wake the compute threads (they may start tasks again) and
  // the comm thread (it tells the scheduler).
  void on_pause_change() {
    { std::lock_guard lock(ready_mutex_); }  // a compute thread between its check and its wait sees the change
    ready_cv_.notify_all();
    idle_.notify();
  }

  // The scheduler sends a paused worker no new roots and lets others steal its queued tasks.
  void report_pause() {
    const bool paused = store_.paused();
    if (paused == reported_paused_) return;
    reported_paused_ = paused;
    batch_for(scheduler_rank).add(Paused{paused});
  }

  void on_profiling(const Profiling& message) {
    profiling_ = message.on;
    store_.record_spills(message.on);
    store_.take_spill_events();  // like the samples below: of an earlier job
    memory_.job = message.job;
    memory_.items.clear();  // of an earlier job, never sent: the worker had nothing more to say
    memory_.spills.clear();
    if (profiling_) sample_memory(std::chrono::steady_clock::now());
  }

  // While profiling: memory samples when the job starts (on_profiling), every
  // memory_sample_interval while this worker has tasks, and whenever it has none left (its last
  // tasks of the job, for all it knows), and the spills its store recorded; they go with the
  // next batch to the scheduler, never in a message of their own.
  void report_memory(bool finished_tasks) {
    if (!profiling_) return;
    const auto now = std::chrono::steady_clock::now();
    if (tasks_.empty() ? finished_tasks : now - last_memory_sample_ >= sched::memory_sample_interval)
      sample_memory(now);
    if (store_.has_spill_events())
      for (DataStore::SpillEvent& e : store_.take_spill_events())
        memory_.spills.push_back(Spill{std::move(e.key), e.to_disk, e.bytes, e.start, e.end});
    if (memory_.items.empty() && memory_.spills.empty()) return;
    auto batch = batches_.find(scheduler_rank);
    if (batch == batches_.end() || !batch->second || batch->second->count() == 0) return;
    batch->second->add(memory_);
    memory_.items.clear();
    memory_.spills.clear();
  }

  void sample_memory(std::chrono::steady_clock::time_point now) {
    const DataStore::Stats s = store_.stats();
    memory_.items.push_back(MemoryUse{sched::clock_seconds(now), resident_bytes(), s.memory_bytes, s.disk_bytes});
    last_memory_sample_ = now;
  }

  void on_run_task(RunTask message) {
    auto task = std::make_shared<WorkerTask>();
    task->message = std::move(message);
    tasks_.emplace(task_id(task->message.job, task->message.node), task);
    PlanNode& node = task->node;
    for (const auto& [key, t] : task->message.steps) node.steps.push_back(PlanStep{&key, &t});
    node.slots.assign(task->message.slots.begin(), task->message.slots.end());
    node.priority = task->message.priority;
    for (const InputLocation& input : task->message.inputs) {
      if (store_.contains(input.key)) continue;
      ++task->missing;
      auto& waiting = waiting_for_[input.key];
      if (waiting.empty()) {
        to_fetch_[input.holder].push_back(input.key);
        task->bytes_in += input.nbytes;
      }
      waiting.push_back(task);
    }
    if (task->missing == 0) make_ready(std::move(task));
  }

  void on_steal(const Steal& message) {
    Stolen answer{message.job, {}};
    for (std::uint32_t node : message.nodes) {
      auto it = tasks_.find(task_id(message.job, node));
      bool given_back = it != tasks_.end() && !it->second->claimed.exchange(true);
      if (given_back) tasks_.erase(it);  // still queued or waiting: a compute thread skips it
      answer.nodes.emplace_back(node, given_back);
    }
    batch_for(scheduler_rank).add(answer);
  }

  void on_free_keys(const FreeKeys& message) {
    for (const Key& key : message.keys) {
      // Still on its way (fetched for a task that was then stolen): drop it when it lands.
      if (waiting_for_.count(key)) free_on_arrival_.insert(key);
      store_.erase(key);
    }
  }

  void on_send_results(const SendResults& message) {
    Results results;
    results.job = message.job;
    for (const auto& [node, key] : message.nodes) {
      Value value = store_.get(key, DataStore::SpillOn::monitor);
      if (value.has_raw_form()) {
        results.raw.emplace_back(node, raw_item(value, payloads_[scheduler_rank].emplace_back()));
      } else {
        results.values.emplace_back(node, value);
      }
    }
    batch_for(scheduler_rank).add(results);
  }

  void on_fetch(int requester, const Fetch& message) {
    Data data;
    for (const Key& key : message.keys) {
      Value value = store_.get(key, DataStore::SpillOn::monitor);
      if (!value.has_raw_form()) {
        data.values.emplace_back(key, value);
        continue;
      }
      data.raw.emplace_back(key, raw_item(value, payloads_[requester].emplace_back()));
    }
    batch_for(requester).add(data);
  }

  void on_data(int source, Data message) {
    for (const auto& [key, item] : message.raw) message.values.emplace_back(key, transport_.receive_payload(source, item));
    count_fetch(source, message);
    std::vector<std::shared_ptr<WorkerTask>> ready;
    for (auto& [key, value] : message.values) {
      auto waiting = waiting_for_.find(key);
      if (free_on_arrival_.erase(key) == 0) store_.put(key, std::move(value), DataStore::SpillOn::monitor);
      if (waiting == waiting_for_.end()) continue;
      for (auto& task : waiting->second)
        if (--task->missing == 0) ready.push_back(std::move(task));
      waiting_for_.erase(waiting);
    }
    for (auto& task : ready) make_ready(std::move(task));
  }

  // One Data answers one Fetch: the time from that request to the last byte of its answer.
  void count_fetch(int source, const Data& message) {
    if (message.values.empty()) return;
    auto sent = fetch_sent_.find(message.values.front().first);
    if (sent == fetch_sent_.end()) return;
    const auto now = std::chrono::steady_clock::now();
    const double seconds = std::chrono::duration<double>(now - sent->second).count();
    const double end = sched::clock_seconds(now), start = end - seconds;
    std::uint64_t bytes = 0;
    for (const auto& [key, value] : message.values) {
      bytes += value.nbytes();
      fetch_sent_.erase(key);
      transfers_.items.push_back(Transfer{key, source, value.nbytes(), start, end});
    }
    fetched_bytes_ += bytes;
    fetch_seconds_ += seconds;
    if (fetch_rates_.size() < max_fetch_rates) fetch_rates_.push_back(static_cast<double>(bytes) / std::max(seconds, 1e-9));
  }

  static double median(std::vector<double> values) {
    if (values.empty()) return 0;
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
  }

  // Sends what the compute threads finished; true if there was anything.
  bool report_completions() {
    std::vector<Completion> done;
    {
      std::lock_guard lock(ready_mutex_);
      done.swap(completions_);
    }
    for (Completion& c : done) {
      const RunTask& m = c.task->message;
      tasks_.erase(task_id(m.job, m.node));
      const TaskDone run{m.job, m.node, c.nbytes, c.seconds, c.start, c.thread, c.task->bytes_in};
      if (c.error) {
        batch_for(scheduler_rank).add(TaskFailed{run, c.error->key(), c.error->cause()});
      } else {
        batch_for(scheduler_rank).add(run);
      }
    }
    if (!transfers_.items.empty()) {
      batch_for(scheduler_rank).add(transfers_);
      transfers_.items.clear();
    }
    return !done.empty();
  }

  BatchWriter& batch_for(int rank) {
    auto& slot = batches_[rank];
    if (!slot) slot = std::make_unique<BatchWriter>();
    return *slot;
  }

  // Sends one message per destination with everything collected in this round.
  void flush() {
    const auto now = std::chrono::steady_clock::now();
    for (auto& [holder, keys] : to_fetch_) {
      for (const Key& key : keys) fetch_sent_.emplace(key, now);
      batch_for(holder).add(Fetch{std::move(keys)});
    }
    to_fetch_.clear();
    for (auto& [rank, batch] : batches_) {
      if (batch && batch->count() > 0) transport_.send(rank, batch->bytes());
      batch.reset();
    }
    for (auto& [rank, payloads] : payloads_) {  // after the batches that announce them
      for (const RawPayload& payload : payloads) transport_.send_payload(rank, payload);
      payloads.clear();
    }
  }

  // --- the compute threads ---------------------------------------------------------------

  struct LaterFirst {
    bool operator()(const std::shared_ptr<WorkerTask>& a, const std::shared_ptr<WorkerTask>& b) const {
      return a->node.priority > b->node.priority;
    }
  };

  void make_ready(std::shared_ptr<WorkerTask> task) {
    {
      std::lock_guard lock(ready_mutex_);
      ready_.push(std::move(task));
    }
    ready_cv_.notify_one();
  }

  void compute_loop(unsigned thread) {
    pthread_setname_np(pthread_self(), "dtask-compute");
    std::vector<Key> keys;
    std::vector<const Value*> pointers;
    while (true) {
      std::shared_ptr<WorkerTask> task;
      {
        std::unique_lock lock(ready_mutex_);
        // A paused worker starts nothing new (its store's memory is above the pause fraction).
        ready_cv_.wait(lock, [this] { return stop_ || (!ready_.empty() && !store_.paused()); });
        if (stop_) return;
        task = ready_.top();
        ready_.pop();
      }
      if (task->claimed.exchange(true)) continue;  // given back to a steal
      keys.clear();
      for (const InputLocation& input : task->message.inputs) keys.push_back(input.key);

      Completion done;
      done.task = task;
      done.thread = thread;
      auto start = std::chrono::steady_clock::now();
      done.start = sched::clock_seconds(start);
      try {
        const DataStore::Lease inputs = lease_inputs(task->node.key(), keys);
        pointers.clear();
        for (const Value& v : inputs.values()) pointers.push_back(&v);
        Value result = execute(task->node, pointers);
        done.nbytes = result.nbytes();
        store_.check_fits(task->node.key(), done.nbytes);
        store_.put(task->node.key(), std::move(result));
      } catch (const TaskError& e) {
        done.error = e;
      }
      done.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      bool first;  // the comm thread took every earlier completion: wake it for this one
      {
        std::lock_guard lock(ready_mutex_);
        first = completions_.empty();
        completions_.push_back(std::move(done));
      }
      if (first) idle_.notify();
    }
  }

  // A spilled input that cannot be read back fails the task that needs it.
  DataStore::Lease lease_inputs(const Key& key, std::span<const Key> keys) {
    try {
      return store_.lease(keys);
    } catch (const IoError& e) {
      throw TaskError(key.str(), e.what(), __FILE__, __LINE__);
    }
  }

  void stop_compute() {
    {
      std::lock_guard lock(ready_mutex_);
      stop_ = true;
    }
    ready_cv_.notify_all();
  }

  Transport transport_;
  const unsigned threads_;
  bool shutdown_ = false;
  IdleWait idle_{transport_.doorbells()};

  // comm thread only
  std::unordered_map<std::uint64_t, std::shared_ptr<WorkerTask>> tasks_;  // received, not reported
  std::unordered_map<int, std::unique_ptr<BatchWriter>> batches_;
  std::unordered_map<int, std::vector<RawPayload>> payloads_;  // raw parts to send after the batches
  std::unordered_map<int, std::vector<Key>> to_fetch_;
  std::unordered_map<Key, std::chrono::steady_clock::time_point, KeyHash> fetch_sent_;
  std::uint64_t fetched_bytes_ = 0;
  double fetch_seconds_ = 0;
  static constexpr std::size_t max_fetch_rates = 4096;
  std::vector<double> fetch_rates_;  // bytes/s of the first fetches, for their median
  Transfers transfers_;              // fetches not yet reported
  std::unordered_map<Key, std::vector<std::shared_ptr<WorkerTask>>, KeyHash> waiting_for_;
  std::unordered_set<Key, KeyHash> free_on_arrival_;
  bool reported_paused_ = false;
  bool profiling_ = false;
  MemoryReport memory_;  // samples and spills not yet sent
  std::chrono::steady_clock::time_point last_memory_sample_;

  // shared with the compute threads
  std::mutex ready_mutex_;
  std::condition_variable ready_cv_;
  std::priority_queue<std::shared_ptr<WorkerTask>, std::vector<std::shared_ptr<WorkerTask>>, LaterFirst> ready_;
  std::vector<Completion> completions_;
  bool stop_ = false;

  // Last, so that its monitor thread (which calls back into the members above) stops first.
  DataStore store_;
};

}  // namespace

void run_worker(MPI_Comm comm, const WorkerOptions& options) {
  Worker worker(comm, options);
  worker.run();
}

}  // namespace dtask::mpi
