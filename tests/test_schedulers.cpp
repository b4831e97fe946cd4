// SyncScheduler and ThreadScheduler against an independent reference on random graphs, and
// how they report failing tasks and graphs that cannot run.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <dtask/dtask.hpp>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

#include "random_dag.hpp"

namespace {

using dtask::Graph;
using dtask::Key;
using dtask::KeyList;
using dtask::Layer;
using dtask::Task;
using dtask::Value;
using dtask::sched::Scheduler;
using dtask::sched::SyncScheduler;
using dtask::sched::ThreadScheduler;
using dtask_test::make_layer;

std::atomic<int> sched_shared_calls{0};

long sched_src(long x) { return x; }
long sched_inc(long x) { return x + 1; }
long sched_add(long a, long b) { return a + b; }
long sched_sum(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
long sched_counted(long x) {
  sched_shared_calls.fetch_add(1);
  return x * 10;
}
long sched_throw(long x) { throw std::runtime_error("exploded on " + std::to_string(x)); }
long sched_throw_int(long) { throw 42; }
std::vector<double> sched_range(long n) {
  std::vector<double> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0.0);
  return v;
}
double sched_vec_sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

// Tasks that return only once `expected` of them are running at the same time.
struct Rendezvous {
  std::mutex mutex;
  std::condition_variable all_here;
  int arrived = 0;
  int expected = 0;
} sched_rendezvous;

long sched_meet(long x) {
  std::unique_lock lock(sched_rendezvous.mutex);
  ++sched_rendezvous.arrived;
  sched_rendezvous.all_here.notify_all();
  if (!sched_rendezvous.all_here.wait_for(lock, std::chrono::seconds(20),
                                          [] { return sched_rendezvous.arrived >= sched_rendezvous.expected; }))
    throw std::runtime_error("tasks did not run concurrently");
  return x;
}

// Tasks that record how many of them run at once.
std::atomic<int> sched_now_running{0}, sched_most_running{0};
long sched_busy(long x) {
  int now = sched_now_running.fetch_add(1) + 1;
  int most = sched_most_running.load();
  while (now > most && !sched_most_running.compare_exchange_weak(most, now)) {
  }
  std::this_thread::sleep_for(std::chrono::microseconds(200));
  sched_now_running.fetch_sub(1);
  return x;
}

DTASK_FUNCTIONS(sched_src, sched_inc, sched_add, sched_sum, sched_counted, sched_throw, sched_throw_int, sched_range,
                sched_vec_sum, sched_meet, sched_busy);

// 0 stands for the SyncScheduler, n > 0 for a ThreadScheduler of n threads.
std::unique_ptr<Scheduler> make_scheduler(int threads, bool fuse = true) {
  if (threads == 0) return std::make_unique<SyncScheduler>(dtask::OptimizeOptions{.fuse = fuse});
  return std::make_unique<ThreadScheduler>(static_cast<unsigned>(threads), dtask::OptimizeOptions{.fuse = fuse});
}

std::string scheduler_name(const testing::TestParamInfo<int>& info) {
  return info.param == 0 ? std::string("Sync") : "Threads" + std::to_string(info.param);
}

Graph graph_of(Layer::Tasks tasks) { return Graph(make_layer("tasks", std::move(tasks))); }

std::vector<long> longs(const std::vector<Value>& values) {
  std::vector<long> out;
  for (const Value& v : values) out.push_back(v.get<long>());
  return out;
}

// The error get() throws, or a failure when it throws none.
template <class E>
E error_of(Scheduler& scheduler, const Graph& graph, const std::vector<Key>& keys) {
  try {
    scheduler.get(graph, keys);
  } catch (const E& e) {
    return e;
  }
  throw std::logic_error("expected an error");
}

// many roots, a middle level, one task failing, everything summed
Graph wide_graph_with_failure(int width, int fail_at, bool fail_in_middle) {
  Layer::Tasks tasks;
  KeyList mids;
  for (int i = 0; i < width; ++i) {
    bool fails_here = i == fail_at;
    tasks.emplace_back(Key("root", {i}), Task(fails_here && !fail_in_middle ? "sched_throw" : "sched_src", {Value(long{i})}));
    tasks.emplace_back(Key("mid", {i}), Task(fails_here && fail_in_middle ? "sched_throw" : "sched_inc", {Key("root", {i})}));
    mids.push_back(Key("mid", {i}));
  }
  tasks.emplace_back(Key("half"), Task("sched_sum", {KeyList(mids.begin(), mids.begin() + width / 2)}));
  tasks.emplace_back(Key("all"), Task("sched_sum", {mids}));
  return graph_of(std::move(tasks));
}

class Schedulers : public testing::TestWithParam<int> {};

TEST_P(Schedulers, ComputeRandomGraphsLikeTheReference) {
  std::mt19937 rng(1000);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    auto want = dtask_test::reference_values(dag.graph, dag.outputs);
    for (bool fuse : {true, false}) {
      auto scheduler = make_scheduler(GetParam(), fuse);
      std::vector<Value> got = scheduler->get(dag.graph, dag.outputs);
      ASSERT_EQ(got.size(), want.size());
      ASSERT_EQ(longs(got), want) << "round " << round << (fuse ? " fused" : " unfused");
    }
  }
}

TEST_P(Schedulers, ReportTheFailingTaskOfRandomGraphs) {
  std::mt19937 rng(2000);
  for (int round = 0; round < 300; ++round) {
    dtask_test::RandomDagOptions options;
    options.min_nodes = 2;
    options.fail_node = static_cast<int>(rng() % 100);
    auto dag = dtask_test::random_dag(rng, options);
    auto scheduler = make_scheduler(GetParam(), round % 2 == 0);
    try {
      auto want = dtask_test::reference_values(dag.graph, dag.outputs);
      EXPECT_EQ(longs(scheduler->get(dag.graph, dag.outputs)), want) << "round " << round;
    } catch (const dtask_test::ReferenceFailure& failure) {
      try {
        scheduler->get(dag.graph, dag.outputs);
        ADD_FAILURE() << "round " << round << ": no TaskError";
      } catch (const dtask::TaskError& e) {
        EXPECT_EQ(e.key(), failure.key.str()) << "round " << round;
        EXPECT_EQ(e.cause(), failure.what());
        EXPECT_NE(std::string(e.what()).find(failure.what()), std::string::npos);
      }
    }
  }
}

TEST_P(Schedulers, TaskErrorNamesTheFailingKeyAndItsMessage) {
  for (bool in_middle : {false, true}) {
    auto scheduler = make_scheduler(GetParam());
    auto e = error_of<dtask::TaskError>(*scheduler, wide_graph_with_failure(40, 13, in_middle), {Key("all")});
    EXPECT_EQ(e.key(), in_middle ? Key("mid", {13}).str() : Key("root", {13}).str());
    EXPECT_NE(std::string(e.what()).find("exploded on 13"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(e.key()), std::string::npos) << e.what();
  }
}

TEST_P(Schedulers, RunSharedDependencyOnce) {
  Layer::Tasks tasks{{Key("shared"), Task("sched_counted", {Value(4L)})}};
  for (int i = 0; i < 20; ++i) tasks.emplace_back(Key("user", {i}), Task("sched_add", {Key("shared"), Value(long{i})}));
  Graph g = graph_of(std::move(tasks));
  sched_shared_calls = 0;
  auto got = make_scheduler(GetParam())->get(g, std::vector<Key>{Key("user", {3}), Key("shared"), Key("user", {19}), Key("user", {3})});
  EXPECT_EQ(longs(got), (std::vector<long>{43, 40, 59, 43}));
  EXPECT_EQ(sched_shared_calls.load(), 1);
}

TEST_P(Schedulers, ThrowGraphErrorForACycle) {
  Graph g = graph_of({{Key("a"), Task("sched_inc", {Key("b")})}, {Key("b"), Task("sched_inc", {Key("a")})}});
  auto scheduler = make_scheduler(GetParam());
  auto e = error_of<dtask::GraphError>(*scheduler, g, {Key("a")});
  EXPECT_NE(std::string(e.what()).find("'a'"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("'b'"), std::string::npos) << e.what();
}

TEST_P(Schedulers, ThrowGraphErrorForUnregisteredFunctionAndMissingKeys) {
  auto scheduler = make_scheduler(GetParam());
  Graph unknown = graph_of({{Key("bad"), Task("no_such_fn", {Value(1L)})}});
  EXPECT_NE(std::string(error_of<dtask::GraphError>(*scheduler, unknown, {Key("bad")}).what()).find("'bad'"), std::string::npos);
  Graph missing = graph_of({{Key("x"), Task("sched_inc", {Key("y")})}});
  auto e = error_of<dtask::GraphError>(*scheduler, missing, {Key("x")});
  EXPECT_NE(std::string(e.what()).find("'x'"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("'y'"), std::string::npos) << e.what();
  EXPECT_THROW(scheduler->get(missing, std::vector<Key>{Key("z")}), dtask::GraphError);
}

TEST_P(Schedulers, ReturnNothingForNoKeys) {
  Graph g = graph_of({{Key("x"), Task("sched_src", {Value(1L)})}});
  EXPECT_TRUE(make_scheduler(GetParam())->get(g, std::vector<Key>{}).empty());
}

TEST_P(Schedulers, PassLargeValuesBetweenTasks) {
  Layer::Tasks tasks;
  KeyList sums;
  for (int i = 0; i < 8; ++i) {
    tasks.emplace_back(Key("range", {i}), Task("sched_range", {Value(long{100000 + i})}));
    tasks.emplace_back(Key("sum", {i}), Task("sched_vec_sum", {Key("range", {i})}));
    sums.push_back(Key("sum", {i}));
  }
  auto got = make_scheduler(GetParam())->get(graph_of(std::move(tasks)), sums);
  for (int i = 0; i < 8; ++i) {
    double n = 100000 + i;
    EXPECT_EQ(got[static_cast<std::size_t>(i)].get<double>(), n * (n - 1) / 2);
  }
}

TEST_P(Schedulers, ReportATaskThrowingSomethingElseThanAnExceptionAsTaskError) {
  Graph g = graph_of({{Key("odd"), Task("sched_throw_int", {Value(1L)})}, {Key("after"), Task("sched_inc", {Key("odd")})}});
  auto scheduler = make_scheduler(GetParam());
  EXPECT_EQ(error_of<dtask::TaskError>(*scheduler, g, {Key("after")}).key(), "odd");
}

INSTANTIATE_TEST_SUITE_P(SyncAndThreads, Schedulers, testing::Values(0, 1, 2, 4, 8), scheduler_name);

TEST(ThreadScheduler, NeverHangsWhenATaskFails) {
  std::mt19937 rng(3000);
  for (int run = 0; run < 1000; ++run) {
    int fail_at = static_cast<int>(rng() % 64);
    bool in_middle = rng() % 2;
    ThreadScheduler scheduler(static_cast<unsigned>(1 + run % 8), {.fuse = run % 3 != 0});
    auto e = error_of<dtask::TaskError>(scheduler, wide_graph_with_failure(64, fail_at, in_middle), {Key("half"), Key("all")});
    ASSERT_EQ(e.key(), Key(in_middle ? "mid" : "root", {fail_at}).str()) << "run " << run;
  }
}

TEST(ThreadScheduler, GivesTheSameResultsOnEveryRunOfAGraph) {
  std::mt19937 rng(4000);
  for (int graph = 0; graph < 20; ++graph) {
    auto dag = dtask_test::random_dag(rng);
    auto want = dtask_test::reference_values(dag.graph, dag.outputs);
    ThreadScheduler scheduler(static_cast<unsigned>(2 + graph % 7), {.fuse = graph % 2 == 0});
    for (int run = 0; run < 50; ++run)
      ASSERT_EQ(longs(scheduler.get(dag.graph, dag.outputs)), want) << "graph " << graph << " run " << run;
  }
}

TEST(ThreadScheduler, RunsIndependentTasksConcurrently) {
  constexpr int n = 4;
  Layer::Tasks tasks;
  KeyList all;
  for (int i = 0; i < n; ++i) {
    tasks.emplace_back(Key("meet", {i}), Task("sched_meet", {Value(long{i})}));
    all.push_back(Key("meet", {i}));
  }
  tasks.emplace_back(Key("sum"), Task("sched_sum", {all}));
  {
    std::lock_guard lock(sched_rendezvous.mutex);
    sched_rendezvous.arrived = 0;
    sched_rendezvous.expected = n;
  }
  ThreadScheduler scheduler(n);
  EXPECT_EQ(scheduler.get(graph_of(std::move(tasks)), std::vector<Key>{Key("sum")})[0].get<long>(), 0 + 1 + 2 + 3);
}

TEST(ThreadScheduler, RunsNoMoreTasksAtOnceThanItHasThreads) {
  for (unsigned threads : {1u, 2u, 3u}) {
    Layer::Tasks tasks;
    KeyList all;
    for (int i = 0; i < 60; ++i) {
      tasks.emplace_back(Key("busy", {i}), Task("sched_busy", {Value(long{i})}));
      all.push_back(Key("busy", {i}));
    }
    tasks.emplace_back(Key("sum"), Task("sched_sum", {all}));
    sched_most_running = 0;
    ThreadScheduler scheduler(threads);
    EXPECT_EQ(scheduler.get(graph_of(std::move(tasks)), std::vector<Key>{Key("sum")})[0].get<long>(), 59 * 60 / 2);
    EXPECT_LE(sched_most_running.load(), static_cast<int>(threads));
    EXPECT_GE(sched_most_running.load(), 1);
  }
}

TEST(ThreadScheduler, ZeroThreadsMeansEveryUsableCore) {
  ThreadScheduler scheduler(0);
  EXPECT_GE(scheduler.threads(), 1u);
  EXPECT_LE(scheduler.threads(), std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_EQ(ThreadScheduler(3).threads(), 3u);
}

TEST(ThreadScheduler, CanBeReusedForManyGraphs) {
  ThreadScheduler scheduler(4);
  for (long i = 0; i < 50; ++i) {
    Graph g = graph_of({{Key("x"), Task("sched_src", {Value(i)})}, {Key("y"), Task("sched_add", {Key("x"), Key("x")})}});
    EXPECT_EQ(scheduler.get(g, std::vector<Key>{Key("y")})[0].get<long>(), 2 * i);
  }
}

// Counts the graphs it is asked to run, and runs them synchronously.
class CountingScheduler : public Scheduler {
 public:
  std::vector<Value> get(const Graph& graph, std::span<const Key> keys) override {
    ++calls;
    return SyncScheduler().get(graph, keys);
  }
  unsigned parallelism() const override { return 1; }
  int calls = 0;
};

TEST(DefaultScheduler, IsAThreadSchedulerUntilReplaced) {
  dtask::sched::set_default_scheduler(nullptr);
  EXPECT_NE(dynamic_cast<ThreadScheduler*>(&dtask::sched::default_scheduler()), nullptr);
  auto counting = std::make_shared<CountingScheduler>();
  dtask::sched::set_default_scheduler(counting);
  EXPECT_EQ(&dtask::sched::default_scheduler(), counting.get());
  auto x = dtask::delayed(sched_inc)(41L);
  EXPECT_EQ(x.compute(), 42);
  EXPECT_EQ(counting->calls, 1);
  dtask::sched::set_default_scheduler(nullptr);
  EXPECT_NE(dynamic_cast<ThreadScheduler*>(&dtask::sched::default_scheduler()), nullptr);
}

}  // namespace
