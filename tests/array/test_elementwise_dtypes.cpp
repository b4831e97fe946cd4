// Result dtypes of elementwise operations against NumPy 2's rules, written out as tables, and the
// operations NumPy refuses.
#include <gtest/gtest.h>

#include "elementwise_testing.hpp"

namespace {

namespace da = dtask::array;
using dtask::DType;

constexpr DType b = DType::bool_, i = DType::int64, f = DType::float32, d = DType::float64;
constexpr DType dtypes[] = {b, i, f, d};

// One array of each dtype (rows and columns of the tables in this order: bool, int64, float32,
// float64).
da::Array array_of(DType dtype) { return da::zeros({2, 3}, 2, dtype); }

// table[row][column]: the dtype of op(array of dtypes[row], array of dtypes[column]).
using Table = DType[4][4];

void expect_table(const char* name, da::Array (*op)(const da::Operand&, const da::Operand&), const Table& table) {
  for (int r = 0; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      EXPECT_EQ(op(array_of(dtypes[r]), array_of(dtypes[c])).dtype(), table[r][c])
          << name << "(" << dtype_name(dtypes[r]) << ", " << dtype_name(dtypes[c]) << ")";
    }
  }
}

TEST(ElementwiseDTypes, ArrayWithArrayPromotesAsNumPy) {
  const Table promoted = {{b, i, f, d}, {i, i, d, d}, {f, d, f, d}, {d, d, d, d}};
  expect_table("add", da::add, promoted);
  expect_table("multiply", da::multiply, promoted);
  expect_table("maximum", da::maximum, promoted);
  expect_table("minimum", da::minimum, promoted);
  // bool / bool is float16 in NumPy: float32 is dtask's smallest float.
  expect_table("divide", da::divide, {{f, d, f, d}, {d, d, d, d}, {f, d, f, d}, {d, d, d, d}});
  // bool ** bool is int8 in NumPy: int64 here.
  expect_table("power", da::power, {{i, i, f, d}, {i, i, d, d}, {f, d, f, d}, {d, d, d, d}});
  const Table all_bool = {{b, b, b, b}, {b, b, b, b}, {b, b, b, b}, {b, b, b, b}};
  expect_table("less", da::less, all_bool);
  expect_table("equal", da::equal, all_bool);
  expect_table("logical_and", da::logical_and, all_bool);
  for (int r = 1; r < 4; ++r) {
    for (int c = 0; c < 4; ++c) {
      const DType expected = promoted[r][c];
      EXPECT_EQ(da::subtract(array_of(dtypes[r]), array_of(dtypes[c])).dtype(), expected);
      EXPECT_EQ(da::subtract(array_of(dtypes[c]), array_of(dtypes[r])).dtype(), expected);
    }
  }
}

TEST(ElementwiseDTypes, NumbersAreWeakAsInNep50) {
  // Rows: the array's dtype; columns: a bool, an int and a float number.
  const DType table[4][3] = {{b, i, d}, {i, i, d}, {f, f, f}, {d, d, d}};
  for (int r = 0; r < 4; ++r) {
    const da::Array x = array_of(dtypes[r]);
    EXPECT_EQ((x + true).dtype(), table[r][0]) << dtype_name(dtypes[r]);
    EXPECT_EQ((x + 1).dtype(), table[r][1]) << dtype_name(dtypes[r]);
    EXPECT_EQ((x + std::int64_t{1}).dtype(), table[r][1]) << dtype_name(dtypes[r]);
    EXPECT_EQ((2.5 * x).dtype(), table[r][2]) << dtype_name(dtypes[r]);
    EXPECT_EQ((2.5f * x).dtype(), table[r][2]) << dtype_name(dtypes[r]);
  }
  EXPECT_EQ((array_of(i) / 2).dtype(), d);
  EXPECT_EQ(da::where(array_of(b), 1, 2.0).dtype(), d);
  EXPECT_EQ(da::where(array_of(b), 1, 2).dtype(), i);
  EXPECT_EQ(da::where(array_of(b), array_of(f), 0).dtype(), f);
  EXPECT_EQ(da::clip(array_of(b), 0, 1).dtype(), i);
  EXPECT_EQ(da::clip(array_of(f), 0, 1).dtype(), f);
}

TEST(ElementwiseDTypes, UnaryFunctionsAsNumPy) {
  // Columns: bool, int64, float32, float64 input.
  const DType inexact[4] = {f, d, f, d};  // NumPy: float16 for bool
  for (int c = 0; c < 4; ++c) {
    const da::Array x = array_of(dtypes[c]);
    for (auto fn : {da::sqrt, da::exp, da::log, da::log1p, da::expm1, da::sin, da::cos, da::tan, da::arcsin, da::arccos,
                    da::arctan, da::sinh, da::cosh, da::tanh, da::floor, da::ceil}) {
      EXPECT_EQ(fn(x).dtype(), inexact[c]) << dtype_name(dtypes[c]);
    }
    EXPECT_EQ(da::abs(x).dtype(), dtypes[c]);
    EXPECT_EQ(da::isnan(x).dtype(), b);
    EXPECT_EQ(da::isfinite(x).dtype(), b);
  }
  const DType rounded[4] = {f, i, f, d};
  const DType squared[4] = {i, i, f, d};
  for (int c = 0; c < 4; ++c) {
    EXPECT_EQ(da::round(array_of(dtypes[c])).dtype(), rounded[c]);
    EXPECT_EQ(da::square(array_of(dtypes[c])).dtype(), squared[c]);
  }
  for (DType t : {i, f, d}) {
    EXPECT_EQ((-array_of(t)).dtype(), t);
    EXPECT_EQ(da::sign(array_of(t)).dtype(), t);
  }
  EXPECT_EQ((~array_of(b)).dtype(), b);
  EXPECT_EQ((~array_of(i)).dtype(), i);
  EXPECT_EQ(da::logical_not(array_of(d)).dtype(), b);
}

TEST(ElementwiseDTypes, WhatNumPyRefusesIsATypeErrorWhenBuilt) {
  EXPECT_THROW(array_of(b) - array_of(b), dtask::TypeError);
  EXPECT_THROW(array_of(b) - true, dtask::TypeError);
  EXPECT_THROW(-array_of(b), dtask::TypeError);
  EXPECT_THROW(da::sign(array_of(b)), dtask::TypeError);
  EXPECT_THROW(array_of(f) & array_of(b), dtask::TypeError);
  EXPECT_THROW(array_of(i) | 1.5, dtask::TypeError);
  EXPECT_THROW(~array_of(d), dtask::TypeError);
}

}  // namespace
