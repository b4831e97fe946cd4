// StateMachine driven directly, without threads: what runs where, when results are freed,
// how errors spread, and which events are stale.
#include <gtest/gtest.h>

#include <algorithm>
#include <dtask/core/plan.hpp>
#include <dtask/dtask.hpp>
#include <dtask/sched/state_machine.hpp>
#include <map>
#include <set>

#include "random_dag.hpp"

namespace {

using dtask::Graph;
using dtask::Key;
using dtask::KeyList;
using dtask::Layer;
using dtask::NodeId;
using dtask::Plan;
using dtask::Task;
using dtask::Value;
using dtask::sched::Actions;
using dtask::sched::Failure;
using dtask::sched::StateMachine;
using dtask::sched::TaskState;
using dtask::sched::WorkerId;
using dtask_test::make_layer;

long sm_src(long x) { return x; }
long sm_inc(long x) { return x + 1; }
long sm_add(long a, long b) { return a + b; }
long sm_sum(const std::vector<long>& xs) {
  long s = 0;
  for (long x : xs) s += x;
  return s;
}
DTASK_FUNCTIONS(sm_src, sm_inc, sm_add, sm_sum);

// Root tasks a worker of n threads may hold: ceil(1.1 n), in integers.
unsigned root_slots(unsigned nthreads) { return std::max(1u, (11 * nthreads + 9) / 10); }

Plan unfused(Layer::Tasks tasks, std::vector<Key> outputs) {
  return dtask::optimize(Graph(make_layer("t", std::move(tasks))), outputs, {.fuse = false});
}

// A plan and the state machine that reads it.
struct Machine {
  Machine(Plan p, dtask::sched::SchedulerConfig config = {}) : plan(std::move(p)), sm(plan, config) {}
  NodeId id(const Key& key) const {
    for (NodeId i = 0; i < plan.size(); ++i)
      if (plan.nodes[i].key() == key) return i;
    throw std::logic_error("no node " + key.str());
  }
  NodeId id(const char* name) const { return id(Key(name)); }
  Plan plan;
  StateMachine sm;
  Actions out;
};

std::set<NodeId> tasks_of(const std::vector<Actions::Assignment>& list) {
  std::set<NodeId> s;
  for (const auto& a : list) s.insert(a.task);
  return s;
}

// a -> b, a -> c, {b, c} -> d
Layer::Tasks diamond() {
  return {{Key("a"), Task("sm_src", {Value(1L)})},
          {Key("b"), Task("sm_inc", {Key("a")})},
          {Key("c"), Task("sm_inc", {Key("a")})},
          {Key("d"), Task("sm_add", {Key("b"), Key("c")})}};
}

TEST(StateMachine, SubmitQueuesRootsAndRunsThemOnTheWorker) {
  Machine m(unfused(diamond(), {Key("d")}));
  WorkerId w = m.sm.add_worker(4, m.out);
  EXPECT_EQ(w, 0u);
  EXPECT_TRUE(m.out.empty());
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_EQ(m.out.run[0].task, m.id("a"));
  EXPECT_EQ(m.out.run[0].worker, 0u);
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::processing);
  EXPECT_EQ(m.sm.state(m.id("b")), TaskState::waiting);
  EXPECT_EQ(m.sm.state(m.id("d")), TaskState::waiting);
}

TEST(StateMachine, FreesAResultExactlyWhenItsLastDependentFinishes) {
  Machine m(unfused(diamond(), {Key("d")}));
  m.sm.add_worker(4, m.out);
  m.sm.submit(m.out);
  m.out.clear();

  m.sm.task_finished(m.id("a"), 0, 100, 0.01, m.out);
  EXPECT_EQ(tasks_of(m.out.run), (std::set<NodeId>{m.id("b"), m.id("c")}));
  EXPECT_TRUE(m.out.free.empty());
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::memory);
  EXPECT_EQ(m.sm.stored_bytes(0), 100u);
  m.out.clear();

  m.sm.task_finished(m.id("b"), 0, 10, 0.01, m.out);
  EXPECT_TRUE(m.out.free.empty()) << "c still reads a";
  EXPECT_TRUE(m.out.run.empty());
  m.out.clear();

  m.sm.task_finished(m.id("c"), 0, 20, 0.01, m.out);
  ASSERT_EQ(m.out.free.size(), 1u);
  EXPECT_EQ(m.out.free[0].task, m.id("a"));
  EXPECT_EQ(m.out.free[0].worker, 0u);
  EXPECT_EQ(tasks_of(m.out.run), std::set<NodeId>{m.id("d")});
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::forgotten);
  EXPECT_EQ(m.sm.stored_bytes(0), 30u);
  m.out.clear();

  m.sm.task_finished(m.id("d"), 0, 5, 0.01, m.out);
  EXPECT_EQ(tasks_of(m.out.free), (std::set<NodeId>{m.id("b"), m.id("c")}));
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("d")});
  EXPECT_EQ(m.sm.state(m.id("d")), TaskState::memory);
  EXPECT_EQ(m.sm.nbytes(m.id("d")), 5u);
  EXPECT_EQ(m.sm.stored_bytes(0), 5u);
  m.out.clear();

  m.sm.release(m.id("d"), m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("d")});
  EXPECT_EQ(m.sm.state(m.id("d")), TaskState::forgotten);
  EXPECT_EQ(m.sm.stored_bytes(0), 0u);
}

TEST(StateMachine, RequestedOutputsAreNeverFreedUntilReleased) {
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(1L)})},
                     {Key("b"), Task("sm_inc", {Key("a")})},
                     {Key("c"), Task("sm_inc", {Key("b")})}},
                    {Key("b"), Key("c"), Key("b")}));
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.task_finished(m.id("a"), 0, 8, 0, m.out);
  m.out.clear();
  m.sm.task_finished(m.id("b"), 0, 8, 0, m.out);
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("b")}) << "reported once although requested twice";
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("a")});
  m.out.clear();
  m.sm.task_finished(m.id("c"), 0, 8, 0, m.out);
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("c")});
  EXPECT_TRUE(m.out.free.empty()) << "b was requested: its last dependent finishing does not free it";
  EXPECT_EQ(m.sm.state(m.id("b")), TaskState::memory);
  m.out.clear();
  m.sm.release(m.id("b"), m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("b")});
  m.out.clear();
  m.sm.release(m.id("b"), m.out);
  EXPECT_TRUE(m.out.empty()) << "a second release frees nothing";
  m.sm.release(m.id("c"), m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("c")});
}

TEST(StateMachine, OutputReleasedBeforeItFinishesIsFreedWhenItFinishes) {
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(1L)})}, {Key("b"), Task("sm_inc", {Key("a")})}}, {Key("a"), Key("b")}));
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.release(m.id("a"), m.out);
  EXPECT_TRUE(m.out.free.empty()) << "a is not in memory yet";
  m.sm.task_finished(m.id("a"), 0, 8, 0, m.out);
  EXPECT_TRUE(m.out.done.empty());
  EXPECT_TRUE(m.out.free.empty()) << "b still reads a";
  m.out.clear();
  m.sm.task_finished(m.id("b"), 0, 8, 0, m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("a")});
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("b")});
}

TEST(StateMachine, TaskWithManyDependentsRunsOnce) {
  Layer::Tasks tasks{{Key("a"), Task("sm_src", {Value(1L)})}};
  KeyList all;
  for (int i = 0; i < 50; ++i) {
    tasks.emplace_back(Key("dep", {i}), Task("sm_inc", {Key("a")}));
    all.push_back(Key("dep", {i}));
  }
  tasks.emplace_back(Key("total"), Task("sm_sum", {all}));
  Machine m(unfused(std::move(tasks), {Key("total")}));
  m.sm.add_worker(2, m.out);
  m.sm.submit(m.out);
  std::map<NodeId, int> runs;
  std::vector<NodeId> todo;
  while (!m.out.run.empty()) {
    for (const auto& r : m.out.run) {
      ++runs[r.task];
      todo.push_back(r.task);
    }
    m.out.clear();
    while (!todo.empty()) {
      NodeId t = todo.back();
      todo.pop_back();
      m.sm.task_finished(t, 0, 8, 0, m.out);
      for (const auto& r : m.out.run) ++runs[r.task], todo.push_back(r.task);
      m.out.run.clear();
    }
  }
  EXPECT_EQ(runs.size(), 52u);
  for (const auto& [task, count] : runs) EXPECT_EQ(count, 1) << m.plan.nodes[task].key().str();
  EXPECT_EQ(runs[m.id("a")], 1);
}

// 100 roots, each with one child, all summed.
Layer::Tasks many_roots(int n) {
  Layer::Tasks tasks;
  KeyList children;
  for (int i = 0; i < n; ++i) {
    tasks.emplace_back(Key("root", {i}), Task("sm_src", {Value(long{i})}));
    tasks.emplace_back(Key("child", {i}), Task("sm_inc", {Key("root", {i})}));
    children.push_back(Key("child", {i}));
  }
  tasks.emplace_back(Key("total"), Task("sm_sum", {children}));
  return tasks;
}

TEST(StateMachine, RootsWaitInTheQueueBeyondSaturation) {
  for (unsigned nthreads : {1u, 2u, 3u, 4u, 8u}) {
    Machine m(unfused(many_roots(100), {Key("total")}));
    m.sm.add_worker(nthreads, m.out);
    m.sm.submit(m.out);
    const unsigned slots = root_slots(nthreads);
    EXPECT_EQ(m.out.run.size(), slots) << nthreads << " threads";
    EXPECT_EQ(m.sm.queued_count(), 100u - slots);
    EXPECT_EQ(m.sm.processing_on(0), slots);
    std::size_t queued = 0;
    for (int i = 0; i < 100; ++i) queued += m.sm.state(m.id(Key("root", {i}))) == TaskState::queued;
    EXPECT_EQ(queued, 100u - slots);

    // Drive to the end, finishing the oldest running task first.
    std::vector<NodeId> running;
    std::set<NodeId> roots_running;
    std::size_t ran = 0;
    auto take = [&] {
      for (const auto& r : m.out.run) {
        running.push_back(r.task);
        if (m.plan.nodes[r.task].deps.empty()) roots_running.insert(r.task);
        ++ran;
      }
      m.out.clear();
      EXPECT_LE(roots_running.size(), slots);
    };
    take();
    while (!running.empty()) {
      NodeId t = running.front();
      running.erase(running.begin());
      roots_running.erase(t);
      m.sm.task_finished(t, 0, 8, 0.001, m.out);
      take();
    }
    EXPECT_EQ(ran, 201u);
    EXPECT_EQ(m.sm.queued_count(), 0u);
  }
}

// Finishes the first running root with the given duration and result size; returns how many
// tasks the worker is then processing.
std::uint32_t processing_after_one_root(std::size_t nbytes, double seconds, double round_trip,
                                        unsigned roots_per_thread = 64) {
  dtask::sched::SchedulerConfig config;
  config.round_trip = round_trip;
  config.small_roots_per_thread = roots_per_thread;
  Machine m(unfused(many_roots(1000), {Key("total")}), config);
  m.sm.add_worker(2, m.out);
  m.sm.submit(m.out);
  m.sm.task_finished(m.out.run.front().task, 0, nbytes, seconds, m.out);
  return m.sm.processing_on(0);
}

TEST(StateMachine, TinyRootsWithSmallResultsFillOneRoundTrip) {
  // 10 us roots, 8-byte results, 500 us round trip: 50 tasks per thread, so 100 processing on
  // 2 threads (the finished root's child among them).
  EXPECT_EQ(processing_after_one_root(8, 10e-6, 500e-6), 100u);
  // Never more than small_roots_per_thread (64 here) per thread.
  EXPECT_EQ(processing_after_one_root(8, 1e-9, 500e-6), 128u);
}

TEST(StateMachine, TinyRootsHoldAtMostTheirByteBudgetPerThread) {
  // 1 us roots and a 2 ms round trip would make 2000 per thread; their 8 KiB results allow
  // 1 MiB / 8 KiB = 128 per thread, so 256 processing on 2 threads.
  EXPECT_EQ(processing_after_one_root(8 << 10, 1e-6, 2e-3, 1024), 256u);
}

TEST(StateMachine, RootsWithLargeResultsOrNoRoundTripKeepSaturation) {
  const std::uint32_t saturated = root_slots(2);  // 3 roots, or 2 plus the child
  EXPECT_LE(processing_after_one_root(1 << 20, 10e-6, 500e-6), saturated);
  EXPECT_LE(processing_after_one_root(8, 10e-6, 0), saturated);
  EXPECT_LE(processing_after_one_root(8, 1.0, 500e-6), saturated);
}

TEST(StateMachine, RootSlotsAreTheCeilingOfSaturationTimesThreadsForEveryThreadCount) {
  // ceil(1.1 n) in exact arithmetic; 1.1 * 10 is 11.000000000000002 in doubles.
  for (unsigned nthreads = 1; nthreads <= 64; ++nthreads) {
    Machine m(unfused(many_roots(100), {Key("total")}));
    m.sm.add_worker(nthreads, m.out);
    m.sm.submit(m.out);
    EXPECT_EQ(m.out.run.size(), root_slots(nthreads)) << nthreads << " threads";
  }
}

// Two sums over four leaves each.
Plan two_sums_of_four() {
  Layer::Tasks tasks;
  for (std::int32_t g = 0; g < 2; ++g) {
    KeyList leaves;
    for (std::int32_t i = 0; i < 4; ++i) {
      leaves.emplace_back("leaf", Key::Index{4 * g + i});
      tasks.emplace_back(leaves.back(), Task("sm_src", {Value(long{i})}));
    }
    tasks.emplace_back(Key("sum", Key::Index{g}), Task("sm_sum", {leaves}));
  }
  return unfused(std::move(tasks), {Key("sum", Key::Index{0}), Key("sum", Key::Index{1})});
}

TEST(StateMachine, SiblingRootsGoToOneWorkerWhileRootsWait) {
  // 8 roots for 2 threads: each sum's leaves start together on one worker, past its 2 slots.
  Machine m(two_sums_of_four());
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 8u);
  for (std::int32_t g = 0; g < 2; ++g) {
    const WorkerId first = m.sm.processing_worker(m.id(Key("leaf", Key::Index{4 * g})));
    for (std::int32_t i = 1; i < 4; ++i)
      EXPECT_EQ(m.sm.processing_worker(m.id(Key("leaf", Key::Index{4 * g + i}))), first) << "leaf " << 4 * g + i;
  }
  EXPECT_NE(m.sm.processing_worker(m.id(Key("leaf", Key::Index{0}))), m.sm.processing_worker(m.id(Key("leaf", Key::Index{4}))));
}

TEST(StateMachine, SiblingRootsSpreadWhenThreadsOutnumberThem) {
  // 8 roots for 8 threads: every thread gets one at once, siblings or not.
  Machine m(two_sums_of_four());
  for (int w = 0; w < 4; ++w) m.sm.add_worker(2, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 8u);
  for (WorkerId w = 0; w < 4; ++w) EXPECT_EQ(m.sm.processing_on(w), 2u) << "worker " << w;
}

TEST(StateMachine, WorkerJoiningAfterSubmitReceivesTheQueuedRoots) {
  Machine m(unfused(many_roots(10), {Key("total")}));
  m.sm.submit(m.out);
  EXPECT_TRUE(m.out.run.empty()) << "no worker yet";
  EXPECT_EQ(m.sm.queued_count(), 10u);
  m.sm.add_worker(2, m.out);
  EXPECT_EQ(m.out.run.size(), root_slots(2));
  EXPECT_EQ(m.sm.worker_count(), 1u);
}

TEST(StateMachine, ErrorSpreadsToEveryDependentAndFailsRequestedOnes) {
  // a (fails) -> b -> c, a -> d; e -> g; {c, e} -> f
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(1L)})},
                     {Key("b"), Task("sm_inc", {Key("a")})},
                     {Key("c"), Task("sm_inc", {Key("b")})},
                     {Key("d"), Task("sm_inc", {Key("a")})},
                     {Key("e"), Task("sm_src", {Value(2L)})},
                     {Key("f"), Task("sm_add", {Key("c"), Key("e")})},
                     {Key("g"), Task("sm_inc", {Key("e")})}},
                    {Key("c"), Key("d"), Key("f"), Key("g"), Key("e")}));
  m.sm.add_worker(2, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(tasks_of(m.out.run), (std::set<NodeId>{m.id("a"), m.id("e")}));
  m.out.clear();
  m.sm.task_finished(m.id("e"), 0, 8, 0, m.out);
  EXPECT_EQ(tasks_of(m.out.run), std::set<NodeId>{m.id("g")});
  m.out.clear();

  m.sm.task_erred(m.id("a"), 0, Failure{"a", "boom"}, m.out);
  std::vector<NodeId> failed = m.out.failed;
  std::sort(failed.begin(), failed.end());
  std::vector<NodeId> expected{m.id("c"), m.id("d"), m.id("f")};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(failed, expected);
  EXPECT_TRUE(m.out.run.empty());
  for (const char* k : {"a", "b", "c", "d", "f"}) {
    EXPECT_EQ(m.sm.state(m.id(k)), TaskState::erred) << k;
    ASSERT_NE(m.sm.failure(m.id(k)), nullptr) << k;
    EXPECT_EQ(m.sm.failure(m.id(k))->key, "a");
    EXPECT_EQ(m.sm.failure(m.id(k))->message, "boom");
  }
  EXPECT_EQ(m.sm.state(m.id("e")), TaskState::memory) << "e is requested";
  EXPECT_EQ(m.sm.state(m.id("g")), TaskState::processing) << "g does not need a";
  EXPECT_EQ(m.sm.failure(m.id("g")), nullptr);
  m.out.clear();
  m.sm.task_finished(m.id("g"), 0, 8, 0, m.out);
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("g")});
  EXPECT_TRUE(m.out.failed.empty());
}

TEST(StateMachine, InputsOfAnErredTaskAreFreed) {
  Machine m(unfused({{Key("p"), Task("sm_src", {Value(1L)})},
                     {Key("q"), Task("sm_src", {Value(2L)})},
                     {Key("t"), Task("sm_add", {Key("p"), Key("q")})},
                     {Key("u"), Task("sm_inc", {Key("t")})}},
                    {Key("u")}));
  m.sm.add_worker(2, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.task_finished(m.id("p"), 0, 8, 0, m.out);
  m.sm.task_finished(m.id("q"), 0, 8, 0, m.out);
  ASSERT_EQ(tasks_of(m.out.run), std::set<NodeId>{m.id("t")});
  m.out.clear();
  m.sm.task_erred(m.id("t"), 0, Failure{"t", "bad"}, m.out);
  EXPECT_EQ(tasks_of(m.out.free), (std::set<NodeId>{m.id("p"), m.id("q")}));
  EXPECT_EQ(m.out.failed, std::vector<NodeId>{m.id("u")});
  EXPECT_EQ(m.sm.stored_bytes(0), 0u);
}

TEST(StateMachine, InputsOfDownstreamErredTasksAreFreed) {
  // x finished; y = add(a, x) can never run once a fails, so x goes
  Machine m(unfused({{Key("x"), Task("sm_src", {Value(1L)})},
                     {Key("a"), Task("sm_src", {Value(2L)})},
                     {Key("b"), Task("sm_inc", {Key("a")})},
                     {Key("y"), Task("sm_add", {Key("b"), Key("x")})}},
                    {Key("y")}));
  m.sm.add_worker(4, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.task_finished(m.id("x"), 0, 8, 0, m.out);
  EXPECT_TRUE(m.out.free.empty());
  m.out.clear();
  m.sm.task_erred(m.id("a"), 0, Failure{"a", "bad"}, m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("x")});
  EXPECT_EQ(m.out.failed, std::vector<NodeId>{m.id("y")});
}

TEST(StateMachine, ErredOutputIsForgottenOnRelease) {
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(2L)})}}, {Key("a")}));
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.task_erred(m.id("a"), 0, Failure{"a", "bad"}, m.out);
  EXPECT_EQ(m.out.failed, std::vector<NodeId>{m.id("a")});
  m.out.clear();
  m.sm.release(m.id("a"), m.out);
  EXPECT_TRUE(m.out.free.empty());
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::forgotten);
}

TEST(StateMachine, DependentGoesToTheWorkerHoldingItsBigInput) {
  for (WorkerId big_on : {0u, 1u}) {
    Machine m(unfused({{Key("r0"), Task("sm_src", {Value(1L)})},
                       {Key("r1"), Task("sm_src", {Value(2L)})},
                       {Key("c"), Task("sm_add", {Key("r0"), Key("r1")})}},
                      {Key("c")}));
    m.sm.add_worker(1, m.out);
    m.sm.add_worker(1, m.out);
    EXPECT_EQ(m.sm.worker_count(), 2u);
    m.sm.submit(m.out);
    ASSERT_EQ(m.out.run.size(), 2u);
    ASSERT_NE(m.out.run[0].worker, m.out.run[1].worker) << "idle workers both get a root";
    auto assigned = m.out.run;
    m.out.clear();
    for (const auto& r : assigned) m.sm.task_finished(r.task, r.worker, r.worker == big_on ? 1'000'000'000 : 8, 0.01, m.out);
    ASSERT_EQ(m.out.run.size(), 1u);
    EXPECT_EQ(m.out.run[0].task, m.id("c"));
    EXPECT_EQ(m.out.run[0].worker, big_on);
  }
}

TEST(StateMachine, ValueSetInMemoryNeverRunsAndIsNeverFreed) {
  // p stands for a value persisted on worker 1; d reads it and a root r.
  Machine m(unfused({{Key("p"), Task("sm_src", {Value(1L)})},
                     {Key("r"), Task("sm_src", {Value(2L)})},
                     {Key("d"), Task("sm_add", {Key("p"), Key("r")})}},
                    {Key("d")}));
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  const std::vector<WorkerId> holders{1};
  m.sm.set_in_memory(m.id("p"), holders, 1'000'000'000);
  EXPECT_EQ(m.sm.state(m.id("p")), TaskState::memory);
  EXPECT_EQ(m.sm.stored_bytes(1), 1'000'000'000u);
  m.sm.submit(m.out);
  EXPECT_EQ(tasks_of(m.out.run), std::set<NodeId>{m.id("r")}) << "p never runs";
  const WorkerId r_on = m.out.run[0].worker;
  m.out.clear();
  m.sm.task_finished(m.id("r"), r_on, 8, 0.01, m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_EQ(m.out.run[0].worker, 1u) << "d goes to the holder of its big input";
  m.sm.replica_added(m.id("r"), 1);
  m.out.clear();
  m.sm.task_finished(m.id("d"), 1, 8, 0.01, m.out);
  for (const auto& f : m.out.free) EXPECT_NE(f.task, m.id("p")) << "p is held";
  EXPECT_EQ(m.sm.state(m.id("p")), TaskState::memory);
  m.out.clear();
  m.sm.release(m.id("d"), m.out);
  EXPECT_EQ(m.sm.state(m.id("p")), TaskState::memory);
  EXPECT_EQ(m.sm.who_has(m.id("p")).size(), 1u);
}

TEST(StateMachine, RequestedValueSetInMemoryIsDoneAtSubmit) {
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(1L)})},
                     {Key("p"), Task("sm_inc", {Key("a")})},
                     {Key("q"), Task("sm_inc", {Key("p")})}},
                    {Key("p"), Key("q")}));
  m.sm.add_worker(2, m.out);
  const std::vector<WorkerId> holders{0};
  m.sm.set_in_memory(m.id("p"), holders, 16);
  m.sm.submit(m.out);
  EXPECT_EQ(m.out.done, std::vector<NodeId>{m.id("p")});
  EXPECT_EQ(tasks_of(m.out.run), (std::set<NodeId>{m.id("a"), m.id("q")})) << "q is ready at once";
  m.out.clear();
  m.sm.task_finished(m.id("a"), 0, 8, 0.01, m.out);
  EXPECT_EQ(tasks_of(m.out.free), std::set<NodeId>{m.id("a")}) << "a has no reader left";
  m.out.clear();
  m.sm.release(m.id("p"), m.out);
  EXPECT_TRUE(m.out.free.empty()) << "held even when released";
}

TEST(StateMachine, DependentGoesToTheHolderOfItsBigInputAmongThreeWorkers) {
  for (WorkerId big_on : {0u, 1u, 2u}) {
    Machine m(unfused({{Key("r0"), Task("sm_src", {Value(1L)})},
                       {Key("r1"), Task("sm_src", {Value(2L)})},
                       {Key("r2"), Task("sm_src", {Value(3L)})},
                       {Key("c"), Task("sm_sum", {KeyList{Key("r0"), Key("r1"), Key("r2")}})}},
                      {Key("c")}));
    for (int w = 0; w < 3; ++w) m.sm.add_worker(2, m.out);
    m.sm.submit(m.out);
    auto assigned = m.out.run;
    ASSERT_EQ(assigned.size(), 3u);
    m.out.clear();
    for (const auto& r : assigned) m.sm.task_finished(r.task, r.worker, r.worker == big_on ? 500'000'000 : 1000, 0.01, m.out);
    ASSERT_EQ(m.out.run.size(), 1u);
    EXPECT_EQ(m.out.run[0].worker, big_on);
    for (const auto& r : assigned) {
      ASSERT_EQ(m.sm.who_has(r.task).size(), 1u);
      EXPECT_EQ(m.sm.who_has(r.task)[0], r.worker);
    }
  }
}

// Tasks assigned before their prefix was ever measured count the unknown-duration guess (0.5 s)
// only until the first of them finishes; then their worker's occupancy is what they take, and a
// task reading that worker's big result goes there instead of fetching it.
TEST(StateMachine, FirstMeasurementOfAPrefixCorrectsTheOccupancyOfItsAssignedTasks) {
  Layer::Tasks tasks{{Key("r"), Task("sm_src", {Value(1L)})}, {Key("s"), Task("sm_src", {Value(2L)})}};
  KeyList parts;
  for (int i = 0; i < 3; ++i) {
    tasks.emplace_back(Key("p", {i}), Task("sm_inc", {Key("r")}));
    parts.push_back(Key("p", {i}));
  }
  tasks.emplace_back(Key("q"), Task("sm_add", {Key("r"), Key("s")}));
  parts.push_back(Key("q"));
  tasks.emplace_back(Key("total"), Task("sm_sum", {parts}));
  Machine m(unfused(std::move(tasks), {Key("total")}));
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  const WorkerId r_on = m.sm.processing_worker(m.id("r"));
  const WorkerId s_on = m.sm.processing_worker(m.id("s"));
  ASSERT_NE(r_on, s_on);
  m.out.clear();
  m.sm.task_finished(m.id("r"), r_on, 80'000'000, 0.01, m.out);  // 0.8 s to move at 100 MB/s
  for (int i = 0; i < 3; ++i) ASSERT_EQ(m.sm.processing_worker(m.id(Key("p", {i}))), r_on);
  m.sm.task_finished(m.id(Key("p", {0})), r_on, 8, 0.001, m.out);
  m.out.clear();
  m.sm.task_finished(m.id("s"), s_on, 8, 0.001, m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_EQ(m.out.run[0].task, m.id("q"));
  EXPECT_EQ(m.out.run[0].worker, r_on) << "two tasks of 1 ms queued there, not two of 0.5 s";
}

TEST(StateMachine, StaleTaskFinishedIsIgnored) {
  Machine m(unfused(diamond(), {Key("d")}));
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  const WorkerId w = m.out.run[0].worker, other = 1 - w;
  m.out.clear();

  m.sm.task_finished(m.id("b"), w, 8, 0, m.out);  // b has not started
  EXPECT_TRUE(m.out.empty());
  EXPECT_EQ(m.sm.state(m.id("b")), TaskState::waiting);

  m.sm.task_finished(m.id("a"), other, 8, 0, m.out);  // a runs elsewhere
  EXPECT_TRUE(m.out.empty());
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::processing);
  EXPECT_EQ(m.sm.stored_bytes(other), 0u);

  m.sm.task_finished(m.id("a"), w, 8, 0, m.out);
  EXPECT_EQ(m.out.run.size(), 2u);
  m.out.clear();
  m.sm.task_finished(m.id("a"), w, 8, 0, m.out);  // twice
  EXPECT_TRUE(m.out.empty());
  EXPECT_EQ(m.sm.stored_bytes(w), 8u);
  m.sm.task_erred(m.id("a"), w, Failure{"a", "late"}, m.out);  // an error after success
  EXPECT_TRUE(m.out.empty());
  EXPECT_EQ(m.sm.state(m.id("a")), TaskState::memory);
}

TEST(StateMachine, StaleTaskErredIsIgnored) {
  Machine m(unfused(diamond(), {Key("d")}));
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.task_erred(m.id("b"), 0, Failure{"b", "not running"}, m.out);
  EXPECT_TRUE(m.out.empty());
  EXPECT_EQ(m.sm.state(m.id("b")), TaskState::waiting);
  EXPECT_EQ(m.sm.failure(m.id("b")), nullptr);
}

// Runs random plans to the end, finishing (and sometimes failing) random running tasks, and
// checks every action against the rules.
struct Simulation {
  Simulation(const Plan& p, std::mt19937& r) : plan(p), sm(p), rng(r) {
    const std::size_t n = plan.size();
    runs.assign(n, 0);
    finished.assign(n, false);
    freed.assign(n, false);
    erred.assign(n, false);
    done.assign(n, 0);
    failed.assign(n, 0);
    ran_on.assign(n, 0);
    wanted.assign(n, false);
    for (NodeId o : plan.outputs) wanted[o] = true;
  }

  void apply() {
    for (const auto& r : out.run) {
      EXPECT_EQ(runs[r.task]++, 0) << "ran twice: " << key(r.task);
      EXPECT_LT(r.worker, sm.worker_count());
      for (NodeId dep : plan.nodes[r.task].deps) {
        EXPECT_TRUE(finished[dep] && !freed[dep]) << key(r.task) << " started without " << key(dep);
      }
      ran_on[r.task] = r.worker;
      running.push_back(r);
    }
    for (const auto& f : out.free) {
      EXPECT_TRUE(finished[f.task] && !freed[f.task]) << "freed twice or never computed: " << key(f.task);
      EXPECT_EQ(f.worker, ran_on[f.task]);
      EXPECT_FALSE(wanted[f.task]) << "requested result freed before release: " << key(f.task);
      for (NodeId d : plan.nodes[f.task].dependents)
        EXPECT_TRUE(finished[d] || erred[d]) << key(f.task) << " freed before its dependent " << key(d) << " finished";
      freed[f.task] = true;
    }
    for (NodeId t : out.done) {
      EXPECT_TRUE(wanted[t]);
      EXPECT_EQ(done[t]++, 0);
    }
    for (NodeId t : out.failed) {
      EXPECT_TRUE(wanted[t]);
      EXPECT_EQ(failed[t]++, 0);
    }
    out.clear();
    for (WorkerId w = 0; w < sm.worker_count(); ++w) {
      unsigned roots = 0;
      for (const auto& r : running) roots += r.worker == w && plan.nodes[r.task].deps.empty();
      // A group of sibling roots may overflow the slots by all but its first member.
      EXPECT_LE(roots, root_slots(threads[w]) + dtask::sched::SchedulerConfig{}.max_root_group - 1);
    }
    // Nothing that no one needs anymore is kept.
    for (NodeId t = 0; t < plan.size(); ++t) {
      if (!finished[t] || freed[t] || wanted[t]) continue;
      bool needed = false;
      for (NodeId d : plan.nodes[t].dependents) needed |= !(finished[d] || erred[d]);
      EXPECT_TRUE(needed) << key(t) << " is no longer needed but was not freed";
    }
  }

  // Marks t and everything downstream as erred, as the rules say.
  void expect_erred_downstream(NodeId t) {
    std::vector<NodeId> stack{t};
    while (!stack.empty()) {
      NodeId id = stack.back();
      stack.pop_back();
      if (erred[id]) continue;
      erred[id] = true;
      EXPECT_EQ(sm.state(id), TaskState::erred) << key(id);
      for (NodeId d : plan.nodes[id].dependents) stack.push_back(d);
    }
  }

  void run(const std::vector<unsigned>& worker_threads, bool with_error) {
    threads = worker_threads;
    for (unsigned t : threads) sm.add_worker(t, out);
    sm.submit(out);
    apply();
    bool error_sent = false;
    while (!running.empty()) {
      std::size_t pick = rng() % running.size();
      auto [task, worker] = running[pick];
      running.erase(running.begin() + static_cast<std::ptrdiff_t>(pick));
      if (with_error && !error_sent && rng() % 8 == 0) {
        error_sent = true;
        sm.task_erred(task, worker, Failure{key(task), "failed on purpose"}, out);
        expect_erred_downstream(task);
      } else {
        finished[task] = true;
        sm.task_finished(task, worker, 1 + rng() % 1000, 0.001 * (rng() % 10), out);
      }
      apply();
      if (rng() % 10 == 0) {  // a stale report of a finished task
        NodeId t = static_cast<NodeId>(rng() % plan.size());
        if (finished[t] || erred[t]) {
          auto state = sm.state(t);
          sm.task_finished(t, ran_on[t], 8, 0, out);
          EXPECT_TRUE(out.empty());
          EXPECT_EQ(sm.state(t), state);
        }
      }
    }
    for (NodeId t = 0; t < plan.size(); ++t) {
      if (erred[t]) {
        EXPECT_EQ(failed[t], wanted[t] ? 1 : 0) << key(t);
        EXPECT_EQ(done[t], 0);
        continue;
      }
      EXPECT_EQ(runs[t], 1) << key(t);
      EXPECT_TRUE(finished[t]);
      EXPECT_EQ(done[t], wanted[t] ? 1 : 0) << key(t);
      EXPECT_EQ(freed[t], !wanted[t]) << key(t);
    }
    // The client lets go of its results: everything is freed.
    for (NodeId o : plan.outputs) {
      wanted[o] = false;
      sm.release(o, out);
      apply();
    }
    for (NodeId t = 0; t < plan.size(); ++t) EXPECT_TRUE(erred[t] || freed[t]) << key(t);
    for (WorkerId w = 0; w < sm.worker_count(); ++w) {
      EXPECT_EQ(sm.stored_bytes(w), 0u);
      EXPECT_EQ(sm.processing_on(w), 0u);
    }
  }

  std::string key(NodeId t) const { return plan.nodes[t].key().str(); }

  const Plan& plan;
  StateMachine sm;
  std::mt19937& rng;
  Actions out;
  std::vector<unsigned> threads;
  std::vector<Actions::Assignment> running;
  std::vector<int> runs, done, failed;
  std::vector<bool> finished, freed, erred, wanted;
  std::vector<WorkerId> ran_on;
};

TEST(StateMachine, RandomPlansOnOneWorkerFollowTheRules) {
  std::mt19937 rng(51);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::optimize(dag.graph, dag.outputs, {.fuse = round % 2 == 0});
    Simulation sim(plan, rng);
    sim.run({static_cast<unsigned>(1 + rng() % 8)}, false);
    if (HasFailure()) FAIL() << "round " << round;
  }
}

TEST(StateMachine, RandomPlansOnSeveralWorkersFollowTheRules) {
  std::mt19937 rng(52);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::optimize(dag.graph, dag.outputs, {.fuse = round % 2 == 0});
    Simulation sim(plan, rng);
    std::vector<unsigned> threads;
    for (int w = 1 + static_cast<int>(rng() % 4); w > 0; --w) threads.push_back(static_cast<unsigned>(1 + rng() % 4));
    sim.run(threads, false);
    if (HasFailure()) FAIL() << "round " << round;
  }
}

TEST(StateMachine, RandomPlansWithAFailingTaskFollowTheRules) {
  std::mt19937 rng(53);
  for (int round = 0; round < 300; ++round) {
    auto dag = dtask_test::random_dag(rng);
    Plan plan = dtask::optimize(dag.graph, dag.outputs, {.fuse = round % 2 == 0});
    Simulation sim(plan, rng);
    std::vector<unsigned> threads;
    for (int w = 1 + static_cast<int>(rng() % 3); w > 0; --w) threads.push_back(static_cast<unsigned>(1 + rng() % 4));
    sim.run(threads, true);
    if (HasFailure()) FAIL() << "round " << round;
  }
}

TEST(Actions, ClearEmptiesEveryList) {
  Actions a;
  EXPECT_TRUE(a.empty());
  a.run.push_back({1, 0});
  a.free.push_back({2, 0});
  a.done.push_back(3);
  a.failed.push_back(4);
  EXPECT_FALSE(a.empty());
  a.clear();
  EXPECT_TRUE(a.empty());
}

TEST(TaskState, HasReadableNames) {
  EXPECT_STREQ(dtask::sched::to_string(TaskState::released), "released");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::waiting), "waiting");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::queued), "queued");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::processing), "processing");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::memory), "memory");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::erred), "erred");
  EXPECT_STREQ(dtask::sched::to_string(TaskState::forgotten), "forgotten");
}

}  // namespace

namespace {

// One root feeding `fanout` children, all on worker 0 before worker 1 joins.
struct Backlog {
  explicit Backlog(std::size_t root_bytes, int fanout = 6) {
    Layer::Tasks tasks;
    tasks.emplace_back(Key("root"), Task("sm_src", {Value(long{1})}));
    KeyList children;
    for (int i = 0; i < fanout; ++i) {
      tasks.emplace_back(Key("child", {i}), Task("sm_inc", {Key("root")}));
      children.push_back(Key("child", {i}));
    }
    tasks.emplace_back(Key("total"), Task("sm_sum", {children}));
    m = std::make_unique<Machine>(unfused(std::move(tasks), {Key("total")}));
    m->sm.add_worker(1, m->out);
    m->sm.submit(m->out);
    m->out.clear();
    m->sm.task_finished(m->id("root"), 0, root_bytes, 0.001, m->out);
    m->sm.add_worker(1, m->out);
    m->out.clear();
  }
  std::unique_ptr<Machine> m;
};

}  // namespace

TEST(StateMachine, IdleWorkerStealsOneTaskNotYetStarted) {
  Backlog b(8);
  Machine& m = *b.m;
  ASSERT_EQ(m.sm.processing_on(0), 6u);
  m.sm.balance(m.out);
  ASSERT_EQ(m.out.steal.size(), 1u);  // the thief has one thread
  EXPECT_EQ(m.out.steal[0].worker, 0u);
  const NodeId stolen = m.out.steal[0].task;
  m.out.clear();
  m.sm.balance(m.out);
  EXPECT_TRUE(m.out.steal.empty()) << "a steal is already on its way to the idle thread";

  m.sm.steal_answered(stolen, 0, true, m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_EQ(m.out.run[0].task, stolen);
  EXPECT_EQ(m.out.run[0].worker, 1u);
  EXPECT_EQ(m.sm.processing_on(0), 5u);
  EXPECT_EQ(m.sm.processing_on(1), 1u);
  // The stolen task's result is accepted from the thief only.
  m.out.clear();
  m.sm.task_finished(stolen, 0, 8, 0.001, m.out);
  EXPECT_EQ(m.sm.state(stolen), TaskState::processing);
  m.sm.task_finished(stolen, 1, 8, 0.001, m.out);
  EXPECT_EQ(m.sm.state(stolen), TaskState::memory);
}

TEST(StateMachine, RefusedStealLeavesTheTaskWhereItRuns) {
  Backlog b(8);
  Machine& m = *b.m;
  m.sm.balance(m.out);
  const NodeId task = m.out.steal.at(0).task;
  m.out.clear();
  m.sm.steal_answered(task, 0, false, m.out);
  EXPECT_TRUE(m.out.run.empty());
  EXPECT_EQ(m.sm.processing_on(0), 6u);
  m.sm.task_finished(task, 0, 8, 0.001, m.out);
  EXPECT_EQ(m.sm.state(task), TaskState::memory);
  m.out.clear();
  m.sm.balance(m.out);
  EXPECT_EQ(m.out.steal.size(), 1u) << "the thief may try another task";
}

TEST(StateMachine, NoStealWhenTheInputCostsMoreToMoveThanTheTaskToRun) {
  Backlog b(std::size_t{1} << 30);  // 1 GiB input: 10 s at 100 MB/s, tasks estimated at 0.5 s
  b.m->sm.balance(b.m->out);
  EXPECT_TRUE(b.m->out.steal.empty());
}

TEST(StateMachine, NoStealWithoutABacklog) {
  Backlog b(8, 1);
  b.m->sm.balance(b.m->out);
  EXPECT_TRUE(b.m->out.steal.empty());
}

TEST(StateMachine, PausedWorkerGetsNoRootsWhileAnotherIsNotPaused) {
  Machine m(unfused(many_roots(20), {Key("total")}));
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.set_paused(0, true, m.out);
  m.sm.submit(m.out);
  for (const auto& r : m.out.run) EXPECT_EQ(r.worker, 1u);
  EXPECT_EQ(m.out.run.size(), root_slots(1));
  EXPECT_EQ(m.sm.processing_on(0), 0u);
  // Finishing roots on the running worker refills its slots only.
  for (int round = 0; round < 5; ++round) {
    const NodeId t = m.out.run.front().task;
    m.out.clear();
    m.sm.task_finished(t, 1, 8, 0.01, m.out);
    for (const auto& r : m.out.run) EXPECT_EQ(r.worker, 1u) << "round " << round;
  }
  EXPECT_EQ(m.sm.processing_on(0), 0u);
}

TEST(StateMachine, WorkerGetsRootsAgainWhenItResumes) {
  Machine m(unfused(many_roots(20), {Key("total")}));
  m.sm.add_worker(2, m.out);
  m.sm.add_worker(2, m.out);
  m.sm.set_paused(1, true, m.out);
  m.sm.submit(m.out);
  m.out.clear();
  m.sm.set_paused(1, false, m.out);
  EXPECT_EQ(m.out.run.size(), root_slots(2));
  for (const auto& r : m.out.run) EXPECT_EQ(r.worker, 1u);
}

TEST(StateMachine, ReadyTaskAvoidsAPausedWorkerEvenWhenItHoldsTheInput) {
  Machine m(unfused({{Key("a"), Task("sm_src", {Value(1L)})}, {Key("b"), Task("sm_inc", {Key("a")})}}, {Key("b")}));
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.submit(m.out);
  const WorkerId holder = m.out.run.at(0).worker;
  m.out.clear();
  m.sm.set_paused(holder, true, m.out);
  m.sm.task_finished(m.id("a"), holder, 8, 0.01, m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_NE(m.out.run[0].worker, holder);
}

TEST(StateMachine, EveryWorkerPausedStillRunsOneRootOnAnIdleOne) {
  Machine m(unfused(many_roots(20), {Key("total")}));
  m.sm.add_worker(4, m.out);
  m.sm.add_worker(4, m.out);
  m.sm.set_paused(0, true, m.out);
  m.sm.set_paused(1, true, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 2u) << "one root per idle worker, so that the computation moves";
  EXPECT_NE(m.out.run[0].worker, m.out.run[1].worker);
  const NodeId t = m.out.run[0].task;
  const WorkerId w = m.out.run[0].worker;
  m.out.clear();
  m.sm.task_finished(t, w, 8, 0.01, m.out);
  ASSERT_EQ(m.out.run.size(), 1u);
  EXPECT_EQ(m.out.run[0].worker, w);
}

TEST(StateMachine, IdleWorkerStealsEveryQueuedTaskOfAPausedOne) {
  Backlog b(8, 2);  // two children on worker 0, which has one thread: one beyond its thread
  Machine& m = *b.m;
  m.sm.balance(m.out);
  EXPECT_EQ(m.out.steal.size(), 1u);
  const NodeId first = m.out.steal.at(0).task;
  m.out.clear();
  m.sm.steal_answered(first, 0, true, m.out);
  m.out.clear();
  // Worker 0 pauses: its other child is backlog too, but the thief is busy with the first.
  m.sm.set_paused(0, true, m.out);
  m.sm.balance(m.out);
  EXPECT_TRUE(m.out.steal.empty());
  m.sm.task_finished(first, 1, 8, 0.001, m.out);
  m.out.clear();
  m.sm.balance(m.out);
  ASSERT_EQ(m.out.steal.size(), 1u);
  EXPECT_EQ(m.out.steal[0].worker, 0u);
}

TEST(StateMachine, ATaskRefusedOnceIsNotAskedForAgain) {
  Backlog b(8, 2);
  Machine& m = *b.m;
  m.sm.set_paused(0, true, m.out);
  m.sm.balance(m.out);
  ASSERT_EQ(m.out.steal.size(), 1u);
  const NodeId refused = m.out.steal[0].task;
  m.out.clear();
  m.sm.steal_answered(refused, 0, false, m.out);
  m.sm.balance(m.out);
  ASSERT_EQ(m.out.steal.size(), 1u) << "the other, not started, child";
  EXPECT_NE(m.out.steal[0].task, refused);
  const NodeId other = m.out.steal[0].task;
  m.out.clear();
  m.sm.steal_answered(other, 0, false, m.out);
  m.sm.balance(m.out);
  EXPECT_TRUE(m.out.steal.empty()) << "both run on worker 0";
}

TEST(StateMachine, EveryWorkerPausedGetsOneRootEvenWhenItHasSiblings) {
  Machine m(two_sums_of_four());
  m.sm.add_worker(1, m.out);
  m.sm.add_worker(1, m.out);
  m.sm.set_paused(0, true, m.out);
  m.sm.set_paused(1, true, m.out);
  m.sm.submit(m.out);
  ASSERT_EQ(m.out.run.size(), 2u) << "no group of siblings for a paused worker";
  EXPECT_NE(m.out.run[0].worker, m.out.run[1].worker);
}
