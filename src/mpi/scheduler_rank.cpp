#include "scheduler_rank.hpp"

#include <chrono>
#include <deque>
#include <iostream>
#include <future>
#include <map>
#include <numeric>
#include <pthread.h>
#include <thread>

#include <dtask/core/log.hpp>
#include <dtask/sched/run_log.hpp>
#include <dtask/sched/state_machine.hpp>

#include "persisted.hpp"
#include "profile_collector.hpp"
#include "protocol.hpp"
#include "transport.hpp"

namespace dtask::mpi {

namespace {

using sched::WorkerId;

// A task's trip scheduler -> worker -> scheduler over MPI: the reference for how many tiny
// roots keep a worker busy. Measured 0.5 ms on an idle 2-core machine, several ms when its
// cores are shared with other work (each wake-up waits for a time slice); erring long costs
// only memory, which the state machine bounds (small_roots_bytes_per_thread).
constexpr double round_trip_seconds = 2e-3;

int rank_of(WorkerId worker) { return static_cast<int>(worker) + 1; }
WorkerId worker_of(int rank) { return static_cast<WorkerId>(rank - 1); }

// One compute() call: its plan, the state machine running it, and the client's promise.
struct Job {
  std::uint32_t id = 0;
  Plan plan;
  std::unique_ptr<sched::StateMachine> machine;
  std::vector<Value> results;  // by node, for the outputs
  std::size_t results_missing = 0;
  std::size_t results_requested = 0;  // asked of workers, not yet received
  std::shared_ptr<const sched::Failure> failure;
  std::promise<std::vector<Value>> promise;
  bool keep_on_workers = false;  // persist(): the results stay where they are, not sent to rank 0
  double busy_seconds_at_start = 0;  // the scheduler's, for the profiler
  bool recording = false;
  sched::ComputeScope* outcome_to = nullptr;  // the client's, when it wants the outcome
};

}  // namespace

class SchedulerLoop {
 public:
  explicit SchedulerLoop(MPI_Comm comm) : transport_(comm) {
    thread_ = std::thread([this] { run(); });
  }

  ~SchedulerLoop() { finish(); }

  const std::shared_ptr<ReleaseQueue>& releases() const { return releases_; }

  unsigned total_threads() const { return total_threads_known_.get(); }

  // Shuts the workers down (once), joins the thread, and returns what the run did.
  const sched::RunStats& finish() {
    releases_->close();
    {
      std::lock_guard lock(inbox_mutex_);
      stopping_ = true;
    }
    idle_.notify();
    if (thread_.joinable()) thread_.join();
    return stats_;
  }

  std::future<std::vector<Value>> submit(Plan plan, sched::ComputeScope& scope, bool keep_on_workers) {
    auto job = std::make_unique<Job>();
    job->plan = std::move(plan);
    job->keep_on_workers = keep_on_workers;
    if (scope.wants_outcome()) job->outcome_to = &scope;
    auto future = job->promise.get_future();
    {
      std::lock_guard lock(inbox_mutex_);
      job->id = next_job_++;
      inbox_.push_back(std::move(job));
    }
    idle_.notify();
    return future;
  }

 private:
  void run() {
    pthread_setname_np(pthread_self(), "dtask-scheduler");  // names shown by top -H, gdb and perf
    using clock = std::chrono::steady_clock;
    try {
      wait_for_workers();
      while (true) {
        idle_.before();
        const auto start = clock::now();
        bool busy = free_released();
        busy = start_next_job() || busy;
        while (auto message = transport_.receive()) {
          handle(std::move(*message));
          busy = true;
        }
        if (busy) balance();
        flush();
        const bool sending = transport_.sends_pending();
        if (busy) stats_.scheduler_busy_seconds += std::chrono::duration<double>(clock::now() - start).count();
        if (!job_ && inbox_empty_and_stopping()) {
          if (free_released()) flush();  // collections dropped just before the runtime ends
          break;
        }
        idle_.after(busy, sending);
      }
      shut_down_workers();
    } catch (...) {
      // The scheduler itself failed (a protocol or MPI error): the workers would wait for it
      // forever, so the whole job ends with the message.
      abort_job(std::current_exception());
    }
  }

  [[noreturn]] void abort_job(std::exception_ptr error) {
    std::string what = "unknown error";
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::cerr << "dtask: rank 0: the scheduler failed: " << what << "; aborting the job" << std::endl;
    transport_.abort(1);
  }

  // Tells every worker to stop and collects their goodbyes (their counters).
  void shut_down_workers() {
    BatchWriter shutdown;
    shutdown.add(Shutdown{});
    const std::string bytes = shutdown.bytes();
    for (int rank = 1; rank < transport_.size(); ++rank) transport_.send(rank, bytes);
    std::uint64_t worker_messages = 0;
    receive_one_from_each_worker<Goodbye>([&](WorkerId worker, const Goodbye& g) {
      worker_messages += g.messages;
      stats_.bytes_worker_to_worker += g.bytes_to_workers;
      auto& stats = stats_.per_worker[worker];
      stats.keys_held = g.keys_held;
      stats.fetched_bytes = g.fetched_bytes;
      stats.fetch_seconds = g.fetch_seconds;
      stats.fetch_bandwidth_median = g.fetch_bandwidth_median;
      stats.memory = g.memory;
    });
    while (transport_.sends_pending()) std::this_thread::yield();
    stats_.messages = transport_.messages_sent() + worker_messages;
  }

  // The start-up and shut-down handshakes: waits for one Op from every worker.
  template <class Op, class Handle>
  void receive_one_from_each_worker(Handle&& handle) {
    for (int left = transport_.size() - 1; left > 0;) {
      idle_.before();
      transport_.sends_pending();
      auto message = transport_.receive();
      if (!message) {
        idle_.after(false);
        continue;
      }
      BatchReader reader(std::move(message->bytes));
      Kind kind;
      while (reader.next(kind)) {
        if (kind == Kind::paused) {  // a worker's memory may cross its pause fraction at any time
          paused_[worker_of(message->source)] = reader.read<Paused>().paused;
          continue;
        }
        if (kind == Kind::stolen) {  // the answer to a steal request of a job that has ended
          reader.read<Stolen>();
          continue;
        }
        if (kind != Op::kind) DTASK_THROW(MpiError, "unexpected message kind " + std::to_string(static_cast<int>(kind)) + " from rank " + std::to_string(message->source) + " during a handshake");
        handle(worker_of(message->source), reader.read<Op>());
        --left;
      }
    }
  }

  void wait_for_workers() {
    threads_.assign(static_cast<std::size_t>(transport_.size() - 1), 0);
    paused_.assign(threads_.size(), false);
    profile_.add_workers(threads_.size());
    receive_one_from_each_worker<Hello>([&](WorkerId worker, const Hello& h) {
      threads_[worker] = h.threads;
      profile_.observe_clock(worker, h.clock, sched::clock_seconds(std::chrono::steady_clock::now()));
    });
    stats_.workers = static_cast<int>(threads_.size());
    stats_.threads_per_worker = threads_.empty() ? 0 : threads_.front();
    stats_.per_worker.resize(threads_.size());
    for (WorkerId w = 0; w < threads_.size(); ++w) stats_.per_worker[w].rank = rank_of(w);
    total_threads_.set_value(std::accumulate(threads_.begin(), threads_.end(), 0U));
  }

  bool inbox_empty_and_stopping() {
    std::lock_guard lock(inbox_mutex_);
    return stopping_ && inbox_.empty();
  }

  bool start_next_job() {
    if (job_) return false;
    {
      std::lock_guard lock(inbox_mutex_);
      if (inbox_.empty()) return false;
      job_ = std::move(inbox_.front());
      inbox_.pop_front();
    }
    Job& job = *job_;
    if (const Key* gone = released_marker(job.plan)) {
      job.promise.set_exception(std::make_exception_ptr(TaskError(
          gone->str(), "'" + gone->str() + "' was persisted on the workers of another run and has been released",
          __FILE__, __LINE__)));
      job_.reset();
      return true;
    }
    job.busy_seconds_at_start = stats_.scheduler_busy_seconds;
    job.recording = sched::recording();
    job.results.resize(job.plan.size());
    std::vector<bool> counted(job.plan.size(), false);
    for (NodeId out : job.plan.outputs)
      if (!counted[out]) counted[out] = true, ++job.results_missing;
    sched::SchedulerConfig config;
    config.round_trip = round_trip_seconds;
    job.machine = std::make_unique<sched::StateMachine>(job.plan, config);
    actions_.clear();
    for (unsigned threads : threads_) job.machine->add_worker(threads, actions_);
    for (NodeId id = 0; id < job.plan.size(); ++id)
      if (const auto* entry = persisted_.find(job.plan.nodes[id].key()))
        job.machine->set_in_memory(id, entry->holders, entry->nbytes);
    tell_workers_profiling(job);
    for (WorkerId w = 0; w < paused_.size(); ++w)
      if (paused_[w]) job.machine->set_paused(w, true, actions_);
    job.machine->submit(actions_);
    DTASK_LOG(debug, "job " << job.id << ": " << job.plan.size() << " tasks");
    dispatch();
    finish_job_if_settled();  // every result may have been persisted already
    return true;
  }

  // A marker task whose value is no longer on the workers (released, or from another runtime).
  const Key* released_marker(const Plan& plan) const {
    for (const PlanNode& node : plan.nodes)
      if (node.steps.back().task->function() == &persisted_marker_function() && !persisted_.find(node.key()))
        return &node.key();
    return nullptr;
  }

  // Persisted values no collection refers to any more leave their holders; only between jobs,
  // so that a running job never loses a value the registry told it about.
  bool free_released() {
    if (job_) return false;
    const std::vector<Key> keys = releases_->take();
    if (keys.empty()) return false;
    std::map<WorkerId, FreeKeys> frees;
    for (const Key& key : keys)
      for (WorkerId w : persisted_.release(key)) frees[w].keys.push_back(key);
    for (auto& [worker, message] : frees) batch_for(worker).add(message);
    return true;
  }

  // Workers sample their memory only for recorded jobs; told before the job's first task.
  void tell_workers_profiling(const Job& job) {
    if (!job.recording && !workers_profiling_) return;
    workers_profiling_ = job.recording;
    for (WorkerId w = 0; w < threads_.size(); ++w) batch_for(w).add(Profiling{job.id, job.recording});
  }

  // --- one handler per message kind ------------------------------------------------------

  // The actions of every operation in the message are carried out together, once at its end:
  // one batch per worker instead of one per finished task.
  void handle(Message message) {
    BatchReader reader(std::move(message.bytes));
    const WorkerId worker = worker_of(message.source);
    arrived_ = sched::clock_seconds(std::chrono::steady_clock::now());
    actions_.clear();
    Kind kind;
    while (reader.next(kind)) {
      switch (kind) {
        case Kind::task_done: on_task_done(worker, reader.read<TaskDone>()); break;
        case Kind::task_failed: on_task_failed(worker, reader.read<TaskFailed>()); break;
        case Kind::results: on_results(message.source, reader.read<Results>()); break;
        case Kind::stolen: on_stolen(worker, reader.read<Stolen>()); break;
        case Kind::paused: on_paused(worker, reader.read<Paused>()); break;
        case Kind::transfers: on_transfers(worker, reader.read<Transfers>()); break;
        case Kind::memory: on_memory(worker, reader.read<MemoryReport>()); break;
        default: DTASK_THROW(MpiError, "scheduler received an unexpected message kind " + std::to_string(static_cast<int>(kind)));
      }
    }
    if (job_) dispatch();
    finish_job_if_settled();
  }

  void count_task(WorkerId worker, double seconds) {
    ++stats_.tasks;
    ++stats_.per_worker[worker].tasks;
    stats_.per_worker[worker].busy_seconds += seconds;
  }

  // A task ran on worker, finished or failed: counted, profiled; false if its job is over.
  bool note_run(WorkerId worker, const TaskDone& run) {
    count_task(worker, run.seconds);
    profile_.observe_clock(worker, run.start + run.seconds, arrived_);
    if (!job_ || run.job != job_->id) return false;
    sched::count_task_done();
    if (job_->recording) profile_.task_done(worker, run);
    return true;
  }

  void on_task_done(WorkerId worker, const TaskDone& m) {
    if (note_run(worker, m)) job_->machine->task_finished(m.node, worker, m.nbytes, m.seconds, actions_);
  }

  void on_task_failed(WorkerId worker, const TaskFailed& m) {
    if (!note_run(worker, m.run)) return;
    job_->machine->task_erred(
        m.run.node, worker,
        sched::Failure{m.key, m.message + " (on worker rank " + std::to_string(rank_of(worker)) + ")"}, actions_);
  }

  void on_transfers(WorkerId worker, Transfers m) {
    for (const Transfer& t : m.items) profile_.observe_clock(worker, t.end, arrived_);
    if (job_ && job_->recording) profile_.transfers(worker, std::move(m));
  }

  void on_memory(WorkerId worker, MemoryReport m) {
    for (const MemoryUse& u : m.items) profile_.observe_clock(worker, u.time, arrived_);
    for (const Spill& s : m.spills) profile_.observe_clock(worker, s.end, arrived_);
    if (job_ && job_->recording && m.job == job_->id) profile_.memory(worker, std::move(m));
  }

  void on_stolen(WorkerId victim, const Stolen& m) {
    if (!job_ || m.job != job_->id) return;
    for (const auto& [node, given_back] : m.nodes) job_->machine->steal_answered(node, victim, given_back, actions_);
  }

  // Kept across jobs: a worker stays paused until it says otherwise.
  void on_paused(WorkerId worker, const Paused& m) {
    paused_[worker] = m.paused;
    if (job_) job_->machine->set_paused(worker, m.paused, actions_);
  }

  // Idle threads take queued work from workers with a backlog.
  void balance() {
    if (!job_) return;
    actions_.clear();
    job_->machine->balance(actions_);
    if (!actions_.empty()) dispatch();
  }

  void on_results(int source, Results m) {
    // Raw payloads follow the batch whatever happens to the job: receive them first.
    for (const auto& [node, item] : m.raw) m.values.emplace_back(node, transport_.receive_payload(source, item));
    if (!job_ || m.job != job_->id) return;
    for (auto& [node, value] : m.values) {
      stats_.bytes_to_client += value.nbytes();
      job_->results[node] = std::move(value);
      --job_->results_requested;
      --job_->results_missing;
    }
  }

  // --- turning actions into messages ---------------------------------------------------

  void dispatch() {
    Job& job = *job_;
    for (const auto& run : actions_.run) {
      batch_for(run.worker).add(PlannedRun{job.id, run.task, job.plan.nodes[run.task], input_locations(job, run.task, run.worker)});
      // The worker fetches the inputs it lacks and keeps them: record its copies.
      for (NodeId dep : job.plan.nodes[run.task].deps) job.machine->replica_added(dep, run.worker);
    }

    std::map<WorkerId, FreeKeys> frees;
    for (const auto& f : actions_.free) frees[f.worker].keys.push_back(job.plan.nodes[f.task].key());
    for (auto& [worker, message] : frees) batch_for(worker).add(message);

    const sched::StateMachine& machine = *job.machine;
    std::map<WorkerId, SendResults> gathers;
    for (NodeId node : actions_.done) {
      if (job.keep_on_workers) {
        --job.results_missing;
        continue;
      }
      WorkerId holder = machine.who_has(node).front();
      gathers[holder].job = job.id;
      gathers[holder].nodes.emplace_back(node, job.plan.nodes[node].key());
      ++job.results_requested;
    }
    for (auto& [worker, message] : gathers) batch_for(worker).add(message);

    std::map<WorkerId, Steal> steals;
    for (const auto& st : actions_.steal) {
      steals[st.worker].job = job.id;
      steals[st.worker].nodes.push_back(st.task);
    }
    for (auto& [worker, message] : steals) batch_for(worker).add(message);

    for (NodeId node : actions_.failed)
      if (!job.failure) job.failure = std::make_shared<const sched::Failure>(*machine.failure(node));
  }

  // Where the worker finds each input: its own copy if it has one, else the first holder.
  const std::vector<InputLocation>& input_locations(const Job& job, NodeId id, WorkerId worker) {
    inputs_.clear();
    for (NodeId dep : job.plan.nodes[id].deps) {
      const auto& holders = job.machine->who_has(dep);
      WorkerId holder = std::find(holders.begin(), holders.end(), worker) != holders.end() ? worker : holders.front();
      inputs_.push_back(InputLocation{job.plan.nodes[dep].key(), rank_of(holder), job.machine->nbytes(dep)});
    }
    return inputs_;
  }

  // A job is over when every result arrived, or when it failed and nothing is still running.
  void finish_job_if_settled() {
    if (!job_) return;
    Job& job = *job_;
    const sched::StateMachine& machine = *job.machine;
    bool success = !job.failure && job.results_missing == 0;
    bool settled_failure = job.failure && job.results_requested == 0 && nothing_processing(machine);
    if (!success && !settled_failure) return;

    std::vector<sched::TaskOutcome> outcomes;  // before the results are released below
    if (job.outcome_to) outcomes = sched::task_outcomes(job.plan, machine);

    // Persisted results join the registry; nothing else of this job stays on the workers.
    const bool persisting = success && job.keep_on_workers;
    if (persisting)
      for (NodeId out : job.plan.outputs) {
        const auto& holders = machine.who_has(out);
        persisted_.add(job.plan.nodes[out].key(), {holders.begin(), holders.end()}, machine.nbytes(out));
      }
    actions_.clear();
    if (!persisting)
      for (NodeId out : job.plan.outputs) job.machine->release(out, actions_);
    for (NodeId id = 0; id < job.plan.size(); ++id) {
      if (machine.state(id) != sched::TaskState::memory) continue;
      const auto* entry = persisted_.find(job.plan.nodes[id].key());
      for (WorkerId w : machine.who_has(id)) {
        const bool kept = entry && std::find(entry->holders.begin(), entry->holders.end(), w) != entry->holders.end();
        if (!kept) actions_.free.push_back({id, w});  // copies fetched by this job go
      }
    }
    dispatch();
    flush();
    DTASK_LOG(info, "job " << job.id << (success ? " done" : " failed") << ", " << stats_.tasks << " tasks run so far");

    std::vector<Value> values;
    if (success)
      for (NodeId out : job.plan.outputs) values.push_back(job.results[out]);
    // Before the client hears of the end, so that its next profile() holds this job.
    const auto plan = std::make_shared<const Plan>(std::move(job.plan));
    if (job.recording) profile_.flush(plan, stats_.scheduler_busy_seconds - job.busy_seconds_at_start);
    if (job.outcome_to) job.outcome_to->set_outcome({plan, std::move(outcomes)});
    if (success) {
      job.promise.set_value(std::move(values));
    } else {
      job.promise.set_exception(std::make_exception_ptr(
          TaskError(job.failure->key, job.failure->message, __FILE__, __LINE__)));
    }
    job_.reset();
  }

  bool nothing_processing(const sched::StateMachine& machine) const {
    for (WorkerId w = 0; w < machine.worker_count(); ++w)
      if (machine.processing_on(w) > 0) return false;
    return true;
  }

  BatchWriter& batch_for(WorkerId worker) {
    auto& slot = batches_[worker];
    if (!slot) slot = std::make_unique<BatchWriter>();
    return *slot;
  }

  void flush() {
    for (auto& [worker, batch] : batches_) {
      if (batch && batch->count() > 0) transport_.send(rank_of(worker), batch->bytes());
      batch.reset();
    }
  }

  Transport transport_;
  sched::RunStats stats_;
  ProfileCollector profile_;
  double arrived_ = 0;  // when the message being handled arrived (steady-clock seconds)
  std::vector<unsigned> threads_;  // by worker
  std::vector<bool> paused_;       // by worker: memory above its pause fraction
  bool workers_profiling_ = false;  // what they were last told
  std::unique_ptr<Job> job_;
  PersistedRegistry persisted_;
  std::shared_ptr<ReleaseQueue> releases_ = std::make_shared<ReleaseQueue>([this] { idle_.notify(); });
  sched::Actions actions_;
  std::vector<InputLocation> inputs_;  // of the task being written
  std::map<WorkerId, std::unique_ptr<BatchWriter>> batches_;
  IdleWait idle_{transport_.doorbells()};

  std::mutex inbox_mutex_;
  std::deque<std::unique_ptr<Job>> inbox_;
  std::uint32_t next_job_ = 0;
  bool stopping_ = false;

  // Set once every worker said hello (a failure before that aborts the job).
  std::promise<unsigned> total_threads_;
  std::shared_future<unsigned> total_threads_known_ = total_threads_.get_future().share();

  std::thread thread_;  // last: starts after everything above exists
};

DistributedScheduler::DistributedScheduler(MPI_Comm comm) : loop_(std::make_unique<SchedulerLoop>(comm)) {}

DistributedScheduler::~DistributedScheduler() = default;

unsigned DistributedScheduler::parallelism() const { return loop_->total_threads(); }

const sched::RunStats& DistributedScheduler::shut_down() { return loop_->finish(); }

namespace {

OptimizeOptions keeping_markers_unfused() {
  OptimizeOptions options;
  options.keep_unfused = &persisted_marker_function();
  return options;
}

}  // namespace

std::vector<Value> DistributedScheduler::get(const Graph& graph, std::span<const Key> keys) {
  Plan plan = optimize(graph, keys, keeping_markers_unfused());
  if (plan.outputs.empty()) return {};
  sched::ComputeScope scope(plan);
  return loop_->submit(std::move(plan), scope, false).get();
}

std::vector<Task> DistributedScheduler::persist(const Graph& graph, std::span<const Key> keys) {
  Plan plan = optimize(graph, keys, keeping_markers_unfused());
  if (plan.outputs.empty()) return {};
  {
    sched::ComputeScope scope(plan);
    loop_->submit(std::move(plan), scope, true).get();
  }
  const Value handle(PersistedHandle({keys.begin(), keys.end()}, loop_->releases()));
  std::vector<Task> tasks;
  tasks.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) tasks.emplace_back(persisted_marker_function(), Task::Args{handle});
  return tasks;
}

}  // namespace dtask::mpi
