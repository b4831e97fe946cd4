#include <dtask/mpi/runtime.hpp>

#include <sched.h>

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string_view>

#include <dtask/core/log.hpp>
#include <dtask/core/process_memory.hpp>
#include <dtask/core/process_role.hpp>
#include <dtask/sched/run_log.hpp>
#include <dtask/sched/scheduler.hpp>

#include "loopback_nodelay.hpp"
#include "memory_limit.hpp"
#include "mpi_check.hpp"
#include "scheduler_rank.hpp"
#include "spill_directory.hpp"
#include "worker.hpp"

namespace dtask {

namespace {

MPI_Comm abort_comm = MPI_COMM_WORLD;

// Any rank that dies of an uncaught exception takes the whole job down, instead of leaving the
// others waiting for it forever.
[[noreturn]] void abort_job() {
  int rank = -1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  std::string what = "std::terminate was called";
  if (auto error = std::current_exception()) {
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      what = std::string("uncaught exception: ") + e.what();
    } catch (...) {
      what = "uncaught exception of unknown type";
    }
  }
  std::cerr << "dtask: rank " << rank << ": " << what << "; aborting the job" << std::endl;
  mpi::remove_spill_directories();  // no destructor runs after this
  MPI_Abort(abort_comm, 1);
  std::abort();
}

unsigned parse_unsigned(std::string_view option, const std::string& text) {
  char* end = nullptr;
  unsigned long value = std::strtoul(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value > 1u << 20)
    DTASK_THROW(ValueError, std::string(option) + " expects a whole number, got '" + text + "'");
  return static_cast<unsigned>(value);
}

std::string env_or(const char* name, std::string fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::string(value) : fallback;
}

// Whether an MPI launcher (mpirun, mpiexec, srun) started this process. Without one, the
// program is a single process and needs no MPI at all; initialising MPI as a singleton would
// cost some 0.4 s of start-up for nothing.
bool launched_by_mpi() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(name)) return true;
  return false;
}

}  // namespace

RuntimeOptions RuntimeOptions::parse(int& argc, char** argv) {
  RuntimeOptions o;
  if (auto t = env_or("DTASK_THREADS", ""); !t.empty()) o.threads = parse_unsigned("DTASK_THREADS", t);
  std::string memory_limit = env_or("DTASK_MEMORY_LIMIT", "");
  o.local_dir = env_or("DTASK_LOCAL_DIR", "");
  o.stats = env_or("DTASK_STATS", "");

  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value_of = [&](std::string_view name, std::string& out) {
      if (arg == name) {
        if (i + 1 >= argc) DTASK_THROW(ValueError, std::string(name) + " needs a value");
        out = argv[++i];
        return true;
      }
      if (arg.size() > name.size() && arg.substr(0, name.size()) == name && arg[name.size()] == '=') {
        out = std::string(arg.substr(name.size() + 1));
        return true;
      }
      return false;
    };
    std::string value;
    if (value_of("--threads", value)) o.threads = parse_unsigned("--threads", value);
    else if (value_of("--memory-limit", memory_limit)) {}
    else if (value_of("--local-dir", o.local_dir)) {}
    else if (value_of("--report", o.report)) {}
    else if (value_of("--graph-colour", o.graph_colour)) {}
    else if (value_of("--graph", o.graph)) {}
    else if (value_of("--stats", o.stats)) {}
    else if (arg == "--progress") o.progress = true;
    else if (arg == "--no-progress") o.progress = false;
    else argv[kept++] = argv[i];
  }
  argc = kept;
  argv[argc] = nullptr;
  // Checked on every rank before MPI starts, so that a typo stops every rank with one line.
  o.memory_limit = mpi::parse_memory_limit(memory_limit, total_memory());
  if (!o.graph_colour.empty() && o.graph_colour != "priority" && o.graph_colour != "state")
    DTASK_THROW(ValueError, "--graph-colour " + o.graph_colour + ": expected priority or state");
  std::error_code no_dir;
  if (!o.local_dir.empty() && (!std::filesystem::is_directory(o.local_dir, no_dir) || access(o.local_dir.c_str(), W_OK) != 0))
    DTASK_THROW(ValueError, "--local-dir " + o.local_dir + ": not a writable directory");
  if (!o.stats.empty()) {
    // Fail now, not after the computation: the statistics file must be writable.
    std::string dir = o.stats.find('/') == std::string::npos ? "." : o.stats.substr(0, o.stats.rfind('/'));
    if (dir.empty()) dir = "/";
    if (access(dir.c_str(), W_OK) != 0)
      DTASK_THROW(ValueError, "--stats " + o.stats + ": directory '" + dir + "' is not writable");
  }
  return o;
}

struct Runtime::Impl {
  // --stats: a destructor must not throw, so a file that cannot be written is reported.
  void write_stats(const sched::RunStats& stats) const {
    if (options.stats.empty()) return;
    try {
      sched::write_json(stats, options.stats);
    } catch (const std::exception& e) {
      std::cerr << "dtask: " << e.what() << std::endl;
    }
  }

  RuntimeOptions options;
  bool owns_mpi = false;
  MPI_Comm comm = MPI_COMM_NULL;
  int rank = 0;
  int size = 1;
  std::shared_ptr<mpi::DistributedScheduler> scheduler;
  std::shared_ptr<sched::ThreadScheduler> local;  // when everything runs in this process
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();

  ~Impl() {
    const bool client = scheduler || local;
    if (scheduler) {
      sched::set_default_scheduler(nullptr);
      sched::RunStats stats = scheduler->shut_down();
      scheduler.reset();
      stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      write_stats(stats);
    } else if (local) {
      sched::RunStats stats;
      stats.tasks = local->tasks_run();
      stats.threads_per_worker = local->threads();
      stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      write_stats(stats);
    }
    if (client) tell_instrument_the_session_ended();
    if (comm != MPI_COMM_NULL) MPI_Comm_free(&comm);
    if (owns_mpi) MPI_Finalize();
  }

  // The diagnostics layer (progress bar, --report) watches compute() through the schedulers'
  // log; it hears of the options, and of the end, on the client only.
  void tell_instrument_the_options() const {
    if (sched::Instrument* i = sched::instrument()) i->configure({options.report, options.progress, options.graph, options.graph_colour});
  }
  void tell_instrument_the_session_ended() const {
    if (sched::Instrument* i = sched::instrument()) i->session_ended();
  }
};

Runtime::Runtime(int& argc, char** argv) : impl_(std::make_unique<Impl>()) {
  impl_->options = RuntimeOptions::parse(argc, argv);

  int initialized = 0;
  DTASK_MPI_CHECK(MPI_Initialized(&initialized));
  if (!initialized && !launched_by_mpi()) {
    use_threads();
    return;
  }
  int nodelay_sockets = 0;
  if (!initialized) {
    int provided = MPI_THREAD_SINGLE;
    DTASK_MPI_CHECK(MPI_Init_thread(&argc, &argv, MPI_THREAD_MULTIPLE, &provided));
    impl_->owns_mpi = true;
    if (provided < MPI_THREAD_MULTIPLE)
      DTASK_THROW(MpiError, "this MPI does not provide MPI_THREAD_MULTIPLE, which dtask needs");
    // PMIx's connection to its server: without it, MPI_Finalize waits 40 ms on Nagle.
    nodelay_sockets = mpi::set_nodelay_on_loopback_sockets();
  }
  DTASK_MPI_CHECK(MPI_Comm_dup(MPI_COMM_WORLD, &impl_->comm));
  DTASK_MPI_CHECK(MPI_Comm_set_errhandler(impl_->comm, MPI_ERRORS_RETURN));
  DTASK_MPI_CHECK(MPI_Comm_rank(impl_->comm, &impl_->rank));
  DTASK_MPI_CHECK(MPI_Comm_size(impl_->comm, &impl_->size));
  abort_comm = impl_->comm;
  std::set_terminate(abort_job);
  log::set_rank(impl_->rank);
  DTASK_LOG(debug, "TCP_NODELAY set on " << nodelay_sockets << " loopback sockets (the MPI runtime's own)");

  if (impl_->size == 1) {
    use_threads();
    return;
  }
  if (impl_->rank != 0) {
    const RuntimeOptions& o = impl_->options;
    DTASK_LOG(info, "worker " << impl_->rank << " of " << impl_->size - 1 << ", " << (o.threads == 0 ? sched::usable_cores() : o.threads) << " compute threads");
    set_process_role(ProcessRole::worker);
    reuse_freed_memory();
    mpi::run_worker(impl_->comm, {o.threads == 0 ? sched::usable_cores() : o.threads, o.memory_limit, o.local_dir});
    impl_.reset();  // frees the communicator, finalises MPI
    std::exit(0);
  }
  DTASK_LOG(info, "client and scheduler of " << impl_->size - 1 << " worker ranks");
  impl_->scheduler = std::make_shared<mpi::DistributedScheduler>(impl_->comm);
  sched::set_default_scheduler(impl_->scheduler);
  impl_->tell_instrument_the_options();
}

Runtime::~Runtime() = default;

void Runtime::use_threads() {
  impl_->local = std::make_shared<sched::ThreadScheduler>(impl_->options.threads);
  DTASK_LOG(info, "one process: the thread scheduler, " << impl_->local->threads() << " threads");
  sched::set_default_scheduler(impl_->local);
  impl_->tell_instrument_the_options();
}

int Runtime::rank() const noexcept { return impl_->rank; }
int Runtime::size() const noexcept { return impl_->size; }
const RuntimeOptions& Runtime::options() const noexcept { return impl_->options; }

}  // namespace dtask
