// The MPI protocol's batches: what the scheduler writes (PlannedRun, straight from a plan node)
// the worker reads back as the same RunTask, and several operations share one message in order;
// the profiler's operations and the raw items that announce payloads read back as written.
#include <gtest/gtest.h>

#include <dtask/core/plan.hpp>
#include <dtask/dtask.hpp>

#include "../src/mpi/protocol.hpp"
#include "random_dag.hpp"
#include "table_testing.hpp"

namespace {

using dtask::Key;
using dtask::KeyList;
using dtask::Task;
using dtask::Value;
using dtask_test::make_layer;
namespace mpi = dtask::mpi;

long proto_src(long x) { return x; }
long proto_inc(long x) { return x + 1; }
long proto_sum(const std::vector<long>& xs, long offset) {
  long s = offset;
  for (long x : xs) s += x;
  return s;
}
DTASK_FUNCTIONS(proto_src, proto_inc, proto_sum);

// a and b are roots; sum reads both as a list plus a literal; inc(inc(sum)) fuses onto it.
dtask::Plan fused_plan() {
  auto roots = make_layer("roots", {{Key("a"), Task("proto_src", {Value(1L)})}, {Key("b"), Task("proto_src", {Value(2L)})}});
  auto sum = make_layer("sum", {{Key("sum"), Task("proto_sum", {KeyList{Key("a"), Key("b"), Key("a")}, Value(10L)})}}, {roots});
  auto inc1 = make_layer("inc1", {{Key("inc", {0, 1}), Task("proto_inc", {Key("sum")})}}, {sum});
  auto inc2 = make_layer("inc2", {{Key("out"), Task("proto_inc", {Key("inc", {0, 1})})}}, {inc1});
  return dtask::optimize(dtask::Graph(inc2), std::vector<Key>{Key("out")});
}

TEST(Protocol, PlannedRunReadsBackAsTheSameRunTask) {
  const dtask::Plan plan = fused_plan();
  const dtask::PlanNode& node = plan.nodes[plan.outputs.front()];
  ASSERT_EQ(node.steps.size(), 3u) << "sum, inc and inc should be one fused node";
  const std::vector<mpi::InputLocation> inputs{{Key("a"), 1, 8}, {Key("b"), 2, 8}};

  mpi::BatchWriter writer;
  writer.add(mpi::PlannedRun{7, 42, node, inputs});
  writer.add(mpi::FreeKeys{{Key("gone", {3})}});
  mpi::BatchReader reader(writer.bytes());

  mpi::Kind kind{};
  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::run_task);
  const mpi::RunTask run = reader.read<mpi::RunTask>();
  EXPECT_EQ(run.job, 7u);
  EXPECT_EQ(run.node, 42u);
  EXPECT_EQ(run.priority, node.priority);
  ASSERT_EQ(run.steps.size(), node.steps.size());
  for (std::size_t i = 0; i < node.steps.size(); ++i) {
    EXPECT_EQ(run.steps[i].first, *node.steps[i].key);
    EXPECT_EQ(run.steps[i].second.function_name(), node.steps[i].task->function_name());
    EXPECT_EQ(run.steps[i].second.args().size(), node.steps[i].task->args().size());
  }
  const auto& sum_args = run.steps.front().second.args();
  EXPECT_EQ(std::get<KeyList>(sum_args[0]), (KeyList{Key("a"), Key("b"), Key("a")}));
  EXPECT_EQ(std::get<Value>(sum_args[1]).get<long>(), 10L);
  EXPECT_EQ(std::get<Key>(run.steps[1].second.args()[0]), Key("sum"));
  EXPECT_EQ(run.slots, std::vector<std::uint32_t>(node.slots.begin(), node.slots.end()));
  ASSERT_EQ(run.inputs.size(), 2u);
  EXPECT_EQ(run.inputs[1].key, Key("b"));
  EXPECT_EQ(run.inputs[1].holder, 2);
  EXPECT_EQ(run.inputs[1].nbytes, 8u);

  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::free_keys);
  EXPECT_EQ(reader.read<mpi::FreeKeys>().keys, (KeyList{Key("gone", {3})}));
  EXPECT_FALSE(reader.next(kind));
}

TEST(Protocol, ProfilingAndMemoryReportsReadBackAsWritten) {
  mpi::BatchWriter writer;
  writer.add(mpi::Profiling{3, true});
  writer.add(mpi::MemoryReport{3, {{1.5, 40'000'000, 8'000'000, 0}, {1.55, 41'000'000, 0, 8'000'000}},
                               {{Key("x", {2}), true, 8'000'123, 1.51, 1.54}}});
  mpi::BatchReader reader(writer.bytes());

  mpi::Kind kind{};
  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::profiling);
  const auto profiling = reader.read<mpi::Profiling>();
  EXPECT_EQ(profiling.job, 3u);
  EXPECT_TRUE(profiling.on);
  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::memory);
  const auto report = reader.read<mpi::MemoryReport>();
  EXPECT_EQ(report.job, 3u);
  ASSERT_EQ(report.items.size(), 2u);
  EXPECT_EQ(report.items[1].time, 1.55);
  EXPECT_EQ(report.items[1].resident_bytes, 41'000'000u);
  EXPECT_EQ(report.items[0].stored_bytes, 8'000'000u);
  EXPECT_EQ(report.items[1].spilled_bytes, 8'000'000u);
  ASSERT_EQ(report.spills.size(), 1u);
  EXPECT_EQ(report.spills[0].key, Key("x", {2}));
  EXPECT_TRUE(report.spills[0].to_disk);
  EXPECT_EQ(report.spills[0].bytes, 8'000'123u);
  EXPECT_EQ(report.spills[0].end, 1.54);
  EXPECT_FALSE(reader.next(kind));
}

TEST(Protocol, RawItemsReadBackAsWritten) {
  const Value table(dtask_test::odd_table(5, 1));  // a description with names of non-ASCII bytes
  const Value vector(std::vector<double>{1.0, 2.0});
  mpi::RawPayload payload;  // the parts, which the items only count
  mpi::BatchWriter writer;
  writer.add(mpi::Data{{{Key("small"), Value(3L)}}, {{Key("t", {1}), mpi::raw_item(table, payload)}}});
  writer.add(mpi::Results{4, {}, {{7, mpi::raw_item(vector, payload)}, {8, mpi::raw_item(table, payload)}}});
  mpi::BatchReader reader(writer.bytes());

  mpi::Kind kind{};
  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::data);
  const auto data = reader.read<mpi::Data>();
  ASSERT_EQ(data.values.size(), 1u);
  EXPECT_EQ(data.values[0].second.get<long>(), 3L);
  ASSERT_EQ(data.raw.size(), 1u);
  EXPECT_EQ(data.raw[0].first, Key("t", {1}));
  EXPECT_EQ(data.raw[0].second.type, table.type().name);
  EXPECT_EQ(data.raw[0].second.description, table.raw_form().description);
  EXPECT_EQ(data.raw[0].second.bytes, dtask::raw_bytes(table.raw_form().parts));

  ASSERT_TRUE(reader.next(kind));
  ASSERT_EQ(kind, mpi::Kind::results);
  const auto results = reader.read<mpi::Results>();
  EXPECT_EQ(results.job, 4u);
  ASSERT_EQ(results.raw.size(), 2u);
  EXPECT_EQ(results.raw[0].first, 7u);
  EXPECT_EQ(results.raw[0].second.type, vector.type().name);
  EXPECT_EQ(results.raw[0].second.bytes, 16u);
  EXPECT_EQ(results.raw[1].first, 8u);
  EXPECT_EQ(results.raw[1].second.description, table.raw_form().description);
  EXPECT_FALSE(reader.next(kind));
}

}  // namespace
