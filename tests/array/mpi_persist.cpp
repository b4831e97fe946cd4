// Persisted arrays under the default scheduler: at np > 1 their chunks stay on the workers
// (src/mpi/persisted.hpp); every later computation gives the bits it gives without persist.
#include <gtest/gtest.h>

#include <optional>

#include <dtask/array/creation.hpp>
#include <dtask/array/elementwise.hpp>
#include <dtask/array/products.hpp>

#include "array_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::compute_sync;
using da::testing::same_bits;

bool on_mpi_workers() { return dynamic_cast<dtask::sched::ThreadScheduler*>(&dtask::sched::default_scheduler()) == nullptr; }

// Not an elementwise expression: products would fold one into their own tasks, with other
// rounding than the same product of persisted chunks.
da::Array input() { return da::random::normal(1.0, 2.0, {400, 300}, {100, 75}, 11); }

TEST(ArrayMpiPersist, ComputedTwiceGivesTheBitsOfTheUnpersistedArray) {
  const da::Array x = input();
  const da::Array p = x.persist();
  EXPECT_EQ(p.name(), x.name()) << "persisted under the same keys";
  const dtask::Chunk want = compute_sync(x);
  EXPECT_TRUE(same_bits(p.compute(), want));
  EXPECT_TRUE(same_bits(p.compute(), want));
  EXPECT_TRUE(same_bits(da::dot(p.T(), p).compute(), compute_sync(da::dot(x.T(), x))));
  EXPECT_TRUE(same_bits((p + 1.0).sum().compute(), compute_sync((x + 1.0).sum())));
}

TEST(ArrayMpiPersist, GraphsHoldingTheOriginalTasksToo) {
  const da::Array x = input();
  const da::Array p = x.persist();
  EXPECT_TRUE(same_bits((p + x).compute(), compute_sync(x + x)));
  EXPECT_TRUE(same_bits((x * 3.0).compute(), compute_sync(x * 3.0)));
  EXPECT_TRUE(same_bits(p.compute(), compute_sync(x)));
}

TEST(ArrayMpiPersist, PersistingAgainAndDroppingOneOfTwo) {
  const da::Array x = input();
  const dtask::Chunk want = compute_sync(x);
  std::optional<da::Array> q;
  {
    const da::Array p = x.persist();
    q = p.persist();
    const da::Array again = x.persist();  // the same keys, persisted twice
    EXPECT_TRUE(same_bits(again.compute(), want));
  }
  EXPECT_TRUE(same_bits(q->compute(), want)) << "q still holds the values";
  EXPECT_TRUE(same_bits((*q * 2.0).compute(), compute_sync(x * 2.0)));
}

TEST(ArrayMpiPersist, DroppedArraysComputeAfreshFromTheirGraph) {
  const da::Array x = input();
  { const da::Array p = x.persist(); }
  EXPECT_TRUE(same_bits(x.compute(), compute_sync(x)));
}

TEST(ArrayMpiPersist, AnotherSchedulerSaysWhereTheChunksAre) {
  const da::Array p = input().persist();
  if (!on_mpi_workers()) {
    EXPECT_TRUE(same_bits(compute_sync(p), compute_sync(input())));
    return;
  }
  try {
    compute_sync(p + 1.0);
    FAIL() << "no TaskError";
  } catch (const dtask::TaskError& e) {
    EXPECT_NE(std::string(e.what()).find("persisted on the workers of the MPI runtime"), std::string::npos) << e.what();
  }
}

}  // namespace
