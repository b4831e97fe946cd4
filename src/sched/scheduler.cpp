#include <dtask/sched/scheduler.hpp>

#include <dtask/core/function.hpp>

#include <sched.h>

#include <mutex>
#include <thread>

#include "local_run.hpp"

namespace dtask::sched {

namespace {

struct DefaultScheduler {
  std::mutex mutex;
  std::shared_ptr<Scheduler> scheduler;
};

DefaultScheduler& default_slot() {
  static DefaultScheduler slot;
  return slot;
}

// The task of a persisted value: the value itself, a literal argument (shared, not copied).
Value persisted_value(RawFunction, std::span<const ArgView> args) { return *args[0].single; }
void persisted_value_address() {}
const Function& persisted_value_function = detail::add_function(
    "sched.persisted_value", "persisted", reinterpret_cast<RawFunction>(&persisted_value_address), &persisted_value, 1);

}  // namespace

std::vector<Task> Scheduler::persist(const Graph& graph, std::span<const Key> keys) {
  std::vector<Value> values = get(graph, keys);
  std::vector<Task> tasks;
  tasks.reserve(values.size());
  for (Value& value : values) tasks.emplace_back(persisted_value_function, Task::Args{std::move(value)});
  return tasks;
}

Graph persisted_graph(Scheduler& scheduler, const Graph& graph, std::span<const Key> keys, std::string layer_name) {
  std::vector<Task> tasks = scheduler.persist(graph, keys);
  Layer::Tasks layer;
  layer.reserve(tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) layer.emplace_back(keys[i], std::move(tasks[i]));
  return Graph(std::make_shared<const Layer>(std::move(layer_name), std::move(layer)));
}

unsigned usable_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0) return static_cast<unsigned>(CPU_COUNT(&set));
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

std::vector<Value> SyncScheduler::get(const Graph& graph, std::span<const Key> keys) {
  return run_locally(optimize(graph, keys, options_), 1);
}

ThreadScheduler::ThreadScheduler(unsigned nthreads, OptimizeOptions options)
    : nthreads_(nthreads == 0 ? usable_cores() : nthreads), options_(options) {}

std::vector<Value> ThreadScheduler::get(const Graph& graph, std::span<const Key> keys) {
  Plan plan = optimize(graph, keys, options_);
  const std::size_t tasks = plan.size();
  std::vector<Value> values = run_locally(std::move(plan), nthreads_);
  tasks_run_ += tasks;
  return values;
}

Scheduler& default_scheduler() {
  auto& slot = default_slot();
  std::lock_guard lock(slot.mutex);
  if (!slot.scheduler) slot.scheduler = std::make_shared<ThreadScheduler>();
  return *slot.scheduler;
}

void set_default_scheduler(std::shared_ptr<Scheduler> scheduler) {
  auto& slot = default_slot();
  std::lock_guard lock(slot.mutex);
  slot.scheduler = std::move(scheduler);
}

}  // namespace dtask::sched
