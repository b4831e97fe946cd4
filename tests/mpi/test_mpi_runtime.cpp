// The MPI runtime under mpiexec at several rank counts: rank 0 runs these tests against the
// default scheduler (the workers of the other ranks, or threads at np 1); the other ranks serve
// as workers inside dtask::Runtime's constructor and never reach the tests.
#include <gtest/gtest.h>

#include <dtask/dtask.hpp>
#include <numeric>
#include <stdexcept>

#include "../random_dag.hpp"

namespace {

using dtask::Key;
using dtask::Value;

int world_size = 1;

long mpi_inc(long x) { return x + 1; }
long mpi_add(long a, long b) { return a + b; }
long mpi_total(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
long mpi_explode(long x) { throw std::runtime_error("exploded on " + std::to_string(x)); }
DTASK_FUNCTIONS(mpi_inc, mpi_add, mpi_total, mpi_explode);

std::vector<long> longs(const std::vector<Value>& values) {
  std::vector<long> out;
  for (const Value& v : values) out.push_back(v.get<long>());
  return out;
}

TEST(MpiRuntime, ComputesRandomGraphsLikeTheReference) {
  std::mt19937 rng(1000);  // the same graphs at every rank count
  for (int round = 0; round < 100; ++round) {
    auto dag = dtask_test::random_dag(rng);
    auto want = dtask_test::reference_values(dag.graph, dag.outputs);
    auto got = dtask::sched::default_scheduler().get(dag.graph, dag.outputs);
    ASSERT_EQ(longs(got), want) << "round " << round << " at np " << world_size;
  }
}

TEST(MpiRuntime, RunsTheSeedLoop) {
  std::vector<dtask::Delayed<long>> output;
  for (long x = 0; x < 1000; ++x)
    output.push_back(dtask::delayed(mpi_add)(dtask::delayed(mpi_inc)(x), dtask::delayed(mpi_inc)(x)));
  EXPECT_EQ(dtask::delayed(mpi_total)(output).compute(), 1000L * 999 + 2 * 1000);
}

TEST(MpiRuntime, ReportsAFailingTaskWithItsKeyAndRank) {
  auto bad = dtask::delayed(mpi_explode)(7);
  auto total = dtask::delayed(mpi_add)(bad, dtask::delayed(mpi_inc)(1));
  try {
    total.compute();
    FAIL() << "no TaskError";
  } catch (const dtask::TaskError& e) {
    EXPECT_EQ(e.key(), bad.key().str());
    EXPECT_NE(std::string(e.what()).find("exploded on 7"), std::string::npos) << e.what();
    if (world_size > 1) {
      EXPECT_NE(std::string(e.what()).find("on worker rank"), std::string::npos) << e.what();
    }
  }
  // The cluster is still usable after a failed computation.
  EXPECT_EQ(dtask::delayed(mpi_inc)(41).compute(), 42);
}

TEST(MpiRuntime, FailingRandomGraphsReportTheReferenceKey) {
  std::mt19937 rng(2000);
  for (int round = 0; round < 40; ++round) {
    dtask_test::RandomDagOptions options;
    options.min_nodes = 2;
    options.fail_node = static_cast<int>(rng() % 100);
    auto dag = dtask_test::random_dag(rng, options);
    try {
      auto want = dtask_test::reference_values(dag.graph, dag.outputs);
      EXPECT_EQ(longs(dtask::sched::default_scheduler().get(dag.graph, dag.outputs)), want);
    } catch (const dtask_test::ReferenceFailure& failure) {
      try {
        dtask::sched::default_scheduler().get(dag.graph, dag.outputs);
        ADD_FAILURE() << "round " << round << ": no TaskError";
      } catch (const dtask::TaskError& e) {
        EXPECT_EQ(e.key(), failure.key.str()) << "round " << round;
      }
    }
  }
}

TEST(MpiRuntime, RejectsACycleBeforeRunningAnything) {
  auto layer = dtask_test::make_layer(
      "cycle", {{Key("a"), dtask::Task("mpi_inc", {Key("b")})}, {Key("b"), dtask::Task("mpi_inc", {Key("a")})}});
  std::vector<Key> keys{Key("a")};
  EXPECT_THROW(dtask::sched::default_scheduler().get(dtask::Graph(layer), keys), dtask::GraphError);
}

}  // namespace

int main(int argc, char** argv) {
  dtask::Runtime runtime(argc, argv);  // worker ranks stay in here until rank 0 is done
  world_size = runtime.size();
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
