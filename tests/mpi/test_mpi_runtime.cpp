// The MPI runtime under mpiexec at several rank counts: rank 0 runs these tests against the
// default scheduler (the workers of the other ranks, or threads at np 1); the other ranks serve
// as workers inside dtask::Runtime's constructor and never reach the tests.
#include <gtest/gtest.h>

#include <dtask/diagnostics/profile.hpp>
#include <dtask/dtask.hpp>
#include <array>
#include <numeric>
#include <stdexcept>

#include "../random_dag.hpp"
#include "../table_testing.hpp"

namespace {

using dtask::Key;
using dtask::Value;

int world_size = 1;

long mpi_inc(long x) { return x + 1; }
long mpi_add(long a, long b) { return a + b; }
long mpi_total(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
long mpi_explode(long x) { throw std::runtime_error("exploded on " + std::to_string(x)); }
Eigen::MatrixXd mpi_matrix(long rows, long cols, long seed) {
  Eigen::MatrixXd m(rows, cols);
  for (long j = 0; j < cols; ++j)
    for (long i = 0; i < rows; ++i) m(i, j) = static_cast<double>((i * 31 + j * 17 + seed) % 101) - 50.0;
  return m;
}
Eigen::MatrixXd mpi_product(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return a * b; }
std::vector<std::int64_t> mpi_iota(long n) {
  std::vector<std::int64_t> v(static_cast<std::size_t>(n));
  for (long i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = i * i;
  return v;
}
long mpi_checksum(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  long total = 0;
  for (std::size_t i = 0; i < a.size(); ++i) total += a[i] - b[i] + static_cast<long>(i);
  return total;
}
dtask::Table mpi_table(long rows, long seed) { return dtask_test::odd_table(static_cast<std::size_t>(rows), static_cast<std::uint64_t>(seed)); }
dtask::Table mpi_concat(const dtask::Table& a, const dtask::Table& b) {
  const std::array<const dtask::Table*, 2> parts{&a, &b};
  return dtask::Table::concat(parts);
}
std::vector<dtask::Table> mpi_pack(const dtask::Table& a, const dtask::Table& b) { return {b, dtask::Table(), a}; }
DTASK_FUNCTIONS(mpi_inc, mpi_add, mpi_total, mpi_explode, mpi_matrix, mpi_product, mpi_iota, mpi_checksum, mpi_table,
                mpi_concat, mpi_pack);

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

TEST(MpiRuntime, MovesMatricesAndVectorsBetweenWorkersIntact) {
  // Odd shapes, made by two roots (which go to different workers), read by one task.
  for (auto [rows, inner, cols] : {std::array<long, 3>{1, 1, 1}, {37, 53, 11}, {300, 7, 129}}) {
    auto a = dtask::delayed(mpi_matrix)(rows, inner, 1);
    auto b = dtask::delayed(mpi_matrix)(inner, cols, 2);
    Eigen::MatrixXd got = dtask::delayed(mpi_product)(a, b).compute();
    Eigen::MatrixXd want = mpi_matrix(rows, inner, 1) * mpi_matrix(inner, cols, 2);
    ASSERT_EQ(got.rows(), rows);
    ASSERT_EQ(got.cols(), cols);
    EXPECT_EQ((got - want).cwiseAbs().maxCoeff(), 0.0);
  }
  for (long n : {0L, 1L, 100003L}) {
    auto x = dtask::delayed(mpi_iota)(n);
    auto y = dtask::delayed(mpi_iota)(n);
    EXPECT_EQ(dtask::delayed(mpi_checksum)(x, y).compute(), n * (n - 1) / 2) << n;
  }
}

TEST(MpiRuntime, MovesTablesBetweenWorkersAndToRankZeroBitForBit) {
  // Two roots (which go to different workers) read by one task: one table moves worker to
  // worker, the result (a table, or a vector of tables) goes to rank 0.
  dtask::diagnostics::clear_profile();
  dtask::diagnostics::set_profiling(true);
  for (long rows : {0L, 1L, 5000L}) {  // the largest well under the 1 MB memory limit of one run
    SCOPED_TRACE(rows);
    auto a = dtask::delayed(mpi_table)(rows, 1);
    auto b = dtask::delayed(mpi_table)(rows + 3, 2);
    const dtask::Table want_a = mpi_table(rows, 1), want_b = mpi_table(rows + 3, 2);
    const dtask::Table got = dtask::delayed(mpi_concat)(a, b).compute();
    dtask_test::expect_same_bits(got, mpi_concat(want_a, want_b));
    const std::vector<dtask::Table> pack = dtask::delayed(mpi_pack)(a, b).compute();
    const std::vector<dtask::Table> want = mpi_pack(want_a, want_b);
    ASSERT_EQ(pack.size(), want.size());
    for (std::size_t i = 0; i < want.size(); ++i) dtask_test::expect_same_bits(pack[i], want[i]);
  }
  dtask::diagnostics::set_profiling(false);
  if (world_size >= 3) {
    const auto transfers = dtask::diagnostics::profile().records.transfers;
    EXPECT_FALSE(transfers.empty()) << "no table moved worker to worker";
  }
  dtask::diagnostics::clear_profile();
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
