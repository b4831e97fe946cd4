// The raw form (raw_form.hpp, raw_buffer.hpp): descriptions read back as written, empty parts
// are left out on both sides, a malformed description is an error, and the single-buffer types
// (vectors of numbers, Eigen objects) are one part straight from their own buffer.
#include <gtest/gtest.h>

#include <Eigen/Core>
#include <cstdint>
#include <dtask/core/error.hpp>
#include <dtask/core/raw_form.hpp>
#include <dtask/core/value.hpp>
#include <string>
#include <vector>

#include "raw_testing.hpp"

namespace {

using dtask::RawReader;
using dtask::RawWriter;
using dtask::Value;
using dtask_test::raw_round_trip;

TEST(RawForm, DescriptionReadsBackInTheOrderWritten) {
  const std::vector<double> xs{1.5, -2.0};
  const std::string name("a b \xc3\xa9\0\xff", 7);
  RawWriter out;
  out.integer(0);
  out.text(name);
  out.integer(~std::uint64_t{0});
  out.text("");
  out.part(xs.data(), 0);  // left out
  out.part(xs.data(), sizeof(double) * xs.size());
  const dtask::RawForm form = std::move(out).take();
  ASSERT_EQ(form.parts.size(), 1u);
  EXPECT_EQ(form.parts[0].data(), reinterpret_cast<const std::byte*>(xs.data()));
  EXPECT_EQ(dtask::raw_bytes(form.parts), 16u);

  std::vector<double> into(2);
  RawReader in(form.description);
  EXPECT_EQ(in.integer(), 0u);
  EXPECT_EQ(in.text(), name);
  EXPECT_EQ(in.integer(), ~std::uint64_t{0});
  EXPECT_EQ(in.text(), "");
  in.part(into.data(), 0);
  in.part(into.data(), 16);
  const auto parts = std::move(in).finish();
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].data(), reinterpret_cast<std::byte*>(into.data()));
  EXPECT_EQ(parts[0].size(), 16u);
}

TEST(RawForm, ADescriptionThatEndsEarlyOrHasBytesLeftIsAValueError) {
  RawWriter out;
  out.integer(3);
  out.text("abc");
  const std::string description = std::move(out).take().description;

  RawReader short_integer(std::string_view(description).substr(0, 5));
  EXPECT_THROW(short_integer.integer(), dtask::ValueError);
  RawReader short_text(std::string_view(description).substr(0, description.size() - 1));
  short_text.integer();
  EXPECT_THROW(short_text.text(), dtask::ValueError);
  RawReader unread(description);
  unread.integer();
  EXPECT_THROW(std::move(unread).finish(), dtask::ValueError);
}

TEST(RawForm, VectorsOfNumbersAreOnePartStraightFromTheirBuffer) {
  const Value v(std::vector<double>{0.25, -0.0, 1e300});
  ASSERT_TRUE(v.has_raw_form());
  const dtask::RawForm form = v.raw_form();
  ASSERT_EQ(form.parts.size(), 1u);
  EXPECT_EQ(form.parts[0].data(),
            reinterpret_cast<const std::byte*>(v.get<std::vector<double>>().data()));
  EXPECT_EQ(form.parts[0].size(), 24u);
  EXPECT_EQ(raw_round_trip(v).get<std::vector<double>>(), v.get<std::vector<double>>());

  const Value empty(std::vector<std::int64_t>{});
  EXPECT_TRUE(empty.raw_form().parts.empty());
  EXPECT_TRUE(raw_round_trip(empty).get<std::vector<std::int64_t>>().empty());
}

TEST(RawForm, EigenObjectsKeepTheirShapeAndBits) {
  Eigen::MatrixXd m(3, 5);
  for (int i = 0; i < m.size(); ++i) m.data()[i] = 0.1 * i - 0.7;
  const Value matrix(m);
  EXPECT_EQ(matrix.raw_form().parts.size(), 1u);
  EXPECT_EQ(raw_round_trip(matrix).get<Eigen::MatrixXd>(), m);

  const Eigen::VectorXf v = Eigen::VectorXf::LinSpaced(7, -1.0f, 2.0f);
  EXPECT_EQ(raw_round_trip(Value(v)).get<Eigen::VectorXf>(), v);
  const Eigen::Matrix3i fixed = Eigen::Matrix3i::Identity() * 4;
  EXPECT_EQ(raw_round_trip(Value(fixed)).get<Eigen::Matrix3i>(), fixed);
  const Eigen::MatrixXd none(0, 4);
  const Value back = raw_round_trip(Value(none));
  EXPECT_EQ(back.get<Eigen::MatrixXd>().rows(), 0);
  EXPECT_EQ(back.get<Eigen::MatrixXd>().cols(), 4);
}

TEST(RawForm, AValueWithoutOneIsATypeError) {
  const Value text(std::string("no raw form"));
  EXPECT_FALSE(text.has_raw_form());
  EXPECT_THROW(text.raw_form(), dtask::TypeError);
  std::vector<std::span<std::byte>> parts;
  EXPECT_THROW(Value::from_raw(text.type(), "", parts), dtask::TypeError);
}

}  // namespace
