#include <gtest/gtest.h>

#include <dtask/core/chunk.hpp>
#include <dtask/core/value.hpp>
#include <sstream>

#include "../raw_testing.hpp"

namespace {

using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

TEST(DType, PromotesLikeNumPy) {
  using dtask::promote_types;
  EXPECT_EQ(promote_types(DType::bool_, DType::int64), DType::int64);
  EXPECT_EQ(promote_types(DType::int64, DType::float32), DType::float64);
  EXPECT_EQ(promote_types(DType::float32, DType::bool_), DType::float32);
  EXPECT_EQ(promote_types(DType::float32, DType::float64), DType::float64);
  EXPECT_EQ(promote_types(DType::int64, DType::int64), DType::int64);
}

TEST(DType, NamesRoundTripAndUnknownNamesAreErrors) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    EXPECT_EQ(dtask::dtype_from_name(dtask::dtype_name(d)), d);
  }
  EXPECT_THROW(dtask::dtype_from_name("complex128"), dtask::ValueError);
}

TEST(Chunk, BuffersAreAlignedTo64Bytes) {
  for (std::int64_t n : {1, 3, 17, 1000}) {
    Chunk c(DType::float32, {n});
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(c.bytes()) % 64, 0u);
  }
}

TEST(Chunk, FreedLargeBufferIsReusedBySameSizedChunk) {
  const std::byte* first = nullptr;
  {
    Chunk big(DType::float64, {1000, 1000});
    first = big.bytes();
  }
  Chunk again(DType::float64, {500, 2000});  // same bytes, another shape
  EXPECT_EQ(again.bytes(), first);
  Chunk other(DType::float64, {1000, 999});  // the buffer is taken: a new one
  EXPECT_NE(other.bytes(), first);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(other.bytes()) % 64, 0u);
}

TEST(Chunk, BufferStillSharedIsNotReused) {
  Chunk big(DType::float32, {1 << 20});
  const Chunk copy = big;  // a handle: the buffer stays alive
  big = Chunk(DType::float32, {1 << 20});
  EXPECT_NE(big.bytes(), copy.bytes());
}

TEST(Chunk, MatrixViewIsRowMajor) {
  Chunk c(DType::int64, {2, 3});
  std::int64_t* p = c.data<std::int64_t>();
  for (int i = 0; i < 6; ++i) p[i] = i;
  EXPECT_EQ(c.matrix<std::int64_t>()(1, 0), 3);
  EXPECT_EQ(c.matrix<std::int64_t>()(0, 2), 2);
}

TEST(Chunk, ConvertsToEigenOfAnyScalar) {
  Eigen::MatrixXf m(3, 2);
  m << 1, 2, 3, 4, 5, 6;
  Chunk c = Chunk::from_eigen(m);
  EXPECT_EQ(c.shape(), (Shape{3, 2}));
  EXPECT_EQ(c.dtype(), DType::float32);
  Eigen::MatrixXd d = c;
  EXPECT_EQ(d, m.cast<double>());
  Chunk row(DType::float64, {4});
  row.flat<double>() << 1, 2, 3, 4;
  Eigen::VectorXd v = row;
  Eigen::RowVectorXd r = row;
  EXPECT_EQ(v, Eigen::Vector4d(1, 2, 3, 4));
  EXPECT_EQ(r, Eigen::RowVector4d(1, 2, 3, 4));
  EXPECT_THROW(c.to_vector<double>(), dtask::ValueError);
}

TEST(Chunk, AsTypeConvertsEveryElement) {
  Chunk c(DType::float64, {3});
  c.flat<double>() << -1.5, 0.0, 2.7;
  Chunk i = c.astype(DType::int64);
  EXPECT_EQ(i.flat<std::int64_t>()(0), -1);
  EXPECT_EQ(i.flat<std::int64_t>()(2), 2);
  Chunk b = c.astype(DType::bool_);
  EXPECT_TRUE(b.flat<bool>()(0));
  EXPECT_FALSE(b.flat<bool>()(1));
}

TEST(Chunk, WrongDTypeAccessIsATypeError) {
  Chunk c(DType::float64, {2});
  EXPECT_THROW(c.data<float>(), dtask::TypeError);
}

TEST(Chunk, EmptyAndZeroDimensionalChunksWork) {
  Chunk empty(DType::float64, {0, 5});
  EXPECT_EQ(empty.size(), 0);
  EXPECT_EQ(empty.nbytes(), 0u);
  EXPECT_TRUE(empty.same_bits(empty.copy()));
  Chunk s = Chunk::scalar(std::int64_t{7});
  EXPECT_EQ(s.ndim(), 0u);
  EXPECT_EQ(s.item<double>(), 7.0);
}

TEST(Chunk, SerialisesAndKeepsItsRawForm) {
  Chunk c(DType::float32, {2, 2, 3});
  for (int i = 0; i < 12; ++i) c.data<float>()[i] = 0.5f * static_cast<float>(i);
  dtask::Value v(c);
  EXPECT_EQ(v.nbytes(), sizeof(Chunk) + 48);
  ASSERT_TRUE(v.has_raw_form());
  EXPECT_EQ(v.raw_form().parts.size(), 1u);
  EXPECT_TRUE(dtask_test::raw_round_trip(v).get<Chunk>().same_bits(c));

  std::stringstream stream;
  {
    boost::archive::binary_oarchive out(stream);
    out << v;
  }
  dtask::Value loaded;
  boost::archive::binary_iarchive in(stream);
  in >> loaded;
  EXPECT_TRUE(loaded.get<Chunk>().same_bits(c));
}

}  // namespace
