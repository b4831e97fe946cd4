// Elementwise operations against naive loops on random inputs of every dtype, on odd shapes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

#include "elementwise_testing.hpp"

namespace {

namespace da = dtask::array;
using da::testing::matches;
using da::testing::all_dtypes;
using da::testing::compute_sync;
using da::testing::random_values;
using da::testing::reference;
using da::testing::tolerance;
using dtask::Chunk;
using dtask::DType;
using dtask::Shape;

struct UnaryCase {
  const char* name;
  da::Array (*f)(const da::Array&);
  double (*ref)(double);
};

double sign_of(double v) { return v > 0 ? 1 : v < 0 ? -1 : 0; }

const UnaryCase unary_cases[] = {
    {"abs", da::abs, [](double v) { return std::abs(v); }},
    {"sqrt", da::sqrt, [](double v) { return std::sqrt(v); }},
    {"exp", da::exp, [](double v) { return std::exp(v); }},
    {"log", da::log, [](double v) { return std::log(v); }},
    {"log1p", da::log1p, [](double v) { return std::log1p(v); }},
    {"expm1", da::expm1, [](double v) { return std::expm1(v); }},
    {"sin", da::sin, [](double v) { return std::sin(v); }},
    {"cos", da::cos, [](double v) { return std::cos(v); }},
    {"tan", da::tan, [](double v) { return std::tan(v); }},
    {"arcsin", da::arcsin, [](double v) { return std::asin(v); }},
    {"arccos", da::arccos, [](double v) { return std::acos(v); }},
    {"arctan", da::arctan, [](double v) { return std::atan(v); }},
    {"sinh", da::sinh, [](double v) { return std::sinh(v); }},
    {"cosh", da::cosh, [](double v) { return std::cosh(v); }},
    {"tanh", da::tanh, [](double v) { return std::tanh(v); }},
    {"floor", da::floor, [](double v) { return std::floor(v); }},
    {"ceil", da::ceil, [](double v) { return std::ceil(v); }},
    {"round", da::round, [](double v) { return std::nearbyint(v); }},
    {"square", da::square, [](double v) { return v * v; }},
    {"isnan", da::isnan, [](double v) { return double(std::isnan(v)); }},
    {"isinf", da::isinf, [](double v) { return double(std::isinf(v)); }},
    {"isfinite", da::isfinite, [](double v) { return double(std::isfinite(v)); }},
};

TEST(Elementwise, UnaryFunctionsMatchALoopForEveryDType) {
  for (DType d : all_dtypes) {
    // 7 x 13 in chunks of 3, values spanning several tiles' worth of odd positions.
    const Chunk in = random_values({7, 13}, d, 11);
    const da::Array x = da::from_chunk(in, 3);
    for (const UnaryCase& c : unary_cases) {
      SCOPED_TRACE(std::string(c.name) + " of " + std::string(dtype_name(d)));
      const Chunk out = compute_sync(c.f(x));
      EXPECT_TRUE(matches(out, reference(out.dtype(), in, c.ref), tolerance(out.dtype())));
    }
    if (d != DType::bool_) {
      EXPECT_TRUE(matches(compute_sync(-x), reference(d, in, [](double v) { return -v; })));
      EXPECT_TRUE(matches(compute_sync(da::sign(x)), reference(d, in, sign_of)));
    }
  }
}

TEST(Elementwise, LargeChunksRunOverManyTiles) {
  const Chunk in = random_values({3000, 7}, DType::float64, 5);
  const da::Array x = da::from_chunk(in, {1100, 7});
  const Chunk out = compute_sync(da::exp(x) * 2 - x);
  EXPECT_TRUE(matches(out, reference(DType::float64, in, [](double v) { return std::exp(v) * 2 - v; }), 1e-12));
}

// float64 sin and cos run on vector kernels (libmvec): special values, every tail length of an
// 8-lane vector (chunks of 5 and 37 elements, tiles of 512), and no dependence on the chunking.
TEST(Elementwise, Float64SinAndCosMatchTheScalarFunctionsOnEveryTail) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values{0.0, -0.0, 1e-310, -1e-300, M_PI, -M_PI / 2, 1e5, -1e22, 1e300, inf, -inf, NAN};
  const Chunk noise = random_values({1200}, DType::float64, 3);
  for (std::int64_t i = 0; i < noise.size(); ++i) values.push_back(noise.data<double>()[i] * 50);
  const Chunk in = Chunk::from_eigen(Eigen::Map<const Eigen::VectorXd>(values.data(), std::ssize(values)));
  for (std::int64_t chunk : {5, 37, 1212}) {
    const da::Array x = da::from_chunk(in, chunk);
    const Chunk sin = compute_sync(da::sin(x)), cos = compute_sync(da::cos(x));
    EXPECT_TRUE(matches(sin, reference(DType::float64, in, [](double v) { return std::sin(v); }), 1e-15));
    EXPECT_TRUE(matches(cos, reference(DType::float64, in, [](double v) { return std::cos(v); }), 1e-15));
    EXPECT_TRUE(std::signbit(sin.data<double>()[1]));  // sin(-0) is -0
    EXPECT_TRUE(sin.same_bits(compute_sync(da::sin(da::from_chunk(in, 1212)))));
  }
}

struct BinaryCase {
  const char* name;
  da::Array (*f)(const da::Operand&, const da::Operand&);
  double (*ref)(double, double);
  bool on_bool;  // whether NumPy defines it on two bool arrays
};

const BinaryCase binary_cases[] = {
    {"add", da::add, [](double a, double b) { return a + b; }, true},
    {"subtract", da::subtract, [](double a, double b) { return a - b; }, false},
    {"multiply", da::multiply, [](double a, double b) { return a * b; }, true},
    {"divide", da::divide, [](double a, double b) { return a / b; }, true},
    {"maximum", da::maximum, [](double a, double b) { return std::max(a, b); }, true},
    {"minimum", da::minimum, [](double a, double b) { return std::min(a, b); }, true},
    {"equal", da::equal, [](double a, double b) { return double(a == b); }, true},
    {"not_equal", da::not_equal, [](double a, double b) { return double(a != b); }, true},
    {"less", da::less, [](double a, double b) { return double(a < b); }, true},
    {"less_equal", da::less_equal, [](double a, double b) { return double(a <= b); }, true},
    {"greater", da::greater, [](double a, double b) { return double(a > b); }, true},
    {"greater_equal", da::greater_equal, [](double a, double b) { return double(a >= b); }, true},
    {"logical_and", da::logical_and, [](double a, double b) { return double(a != 0 && b != 0); }, true},
    {"logical_or", da::logical_or, [](double a, double b) { return double(a != 0 || b != 0); }, true},
};

TEST(Elementwise, BinaryOperationsMatchALoopForEveryDTypePair) {
  for (DType da_type : all_dtypes) {
    for (DType db_type : all_dtypes) {
      const Chunk a = random_values({7, 13}, da_type, 1);
      const Chunk b = random_values({7, 13}, db_type, 2);
      const da::Array x = da::from_chunk(a, 3), y = da::from_chunk(b, 3);
      for (const BinaryCase& c : binary_cases) {
        if (!c.on_bool && da_type == DType::bool_ && db_type == DType::bool_) continue;
        SCOPED_TRACE(std::string(c.name) + " of " + std::string(dtype_name(da_type)) + ", " +
                     std::string(dtype_name(db_type)));
        const Chunk out = compute_sync(c.f(x, y));
        EXPECT_TRUE(matches(out, reference(out.dtype(), out.shape(), a, b, c.ref), tolerance(out.dtype())));
      }
    }
  }
}

TEST(Elementwise, OperatorsAreTheNamedFunctions) {
  const Chunk a = random_values({5, 4}, DType::float64, 3), b = random_values({5, 4}, DType::float64, 4);
  const da::Array x = da::from_chunk(a, 2), y = da::from_chunk(b, 3);
  const auto same = [](const da::Array& p, const da::Array& q) { return compute_sync(p).same_bits(compute_sync(q)); };
  EXPECT_TRUE(same(x + y, da::add(x, y)));
  EXPECT_TRUE(same(x - y, da::subtract(x, y)));
  EXPECT_TRUE(same(x * y, da::multiply(x, y)));
  EXPECT_TRUE(same(x / y, da::divide(x, y)));
  EXPECT_TRUE(same(x < y, da::less(x, y)));
  EXPECT_TRUE(same(x == y, da::equal(x, y)));
  EXPECT_TRUE(same((x < y) & (x > 0), da::logical_and(x < y, x > 0)));
  EXPECT_TRUE(same((x < y) | (x > 0), da::logical_or(x < y, x > 0)));
  EXPECT_TRUE(same(~(x < y), da::logical_not(x < y)));
  EXPECT_TRUE(same(da::pow(x, 2), da::power(x, 2)));
}

TEST(Elementwise, ScalarsOnEitherSide) {
  const Chunk a = random_values({7, 13}, DType::float64, 6);
  const da::Array x = da::from_chunk(a, 3);
  EXPECT_TRUE(matches(compute_sync(2.5 - x), reference(DType::float64, a, [](double v) { return 2.5 - v; })));
  EXPECT_TRUE(matches(compute_sync(x / 4), reference(DType::float64, a, [](double v) { return v / 4; })));
  EXPECT_TRUE(matches(compute_sync(1 / x), reference(DType::float64, a, [](double v) { return 1 / v; })));
  EXPECT_TRUE(matches(compute_sync(0.5f < x), reference(DType::bool_, a, [](double v) { return double(0.5 < v); })));
  const Chunk i = random_values({7, 13}, DType::int64, 7);
  const da::Array n = da::from_chunk(i, 4);
  EXPECT_TRUE(matches(compute_sync(std::int64_t{3} * n + 1), reference(DType::int64, i, [](double v) { return 3 * v + 1; })));
  EXPECT_TRUE(matches(compute_sync(n * 0.5), reference(DType::float64, i, [](double v) { return v * 0.5; })));
  EXPECT_TRUE(matches(compute_sync(n == true), reference(DType::bool_, i, [](double v) { return double(v == 1); })));
}

TEST(Elementwise, IntegerPowerAndBitwiseOperations) {
  const Chunk base = random_values({7, 13}, DType::int64, 8);
  const Chunk exponent = compute_sync(da::random::integers(0, 4, {7, 13}, -1, 9));
  const da::Array x = da::from_chunk(base, 3), e = da::from_chunk(exponent, 5);
  EXPECT_TRUE(matches(compute_sync(da::power(x, e)),
                        reference(DType::int64, {7, 13}, base, exponent, [](double a, double b) { return std::pow(a, b); })));
  EXPECT_TRUE(matches(compute_sync(x & e), reference(DType::int64, {7, 13}, base, exponent, [](double a, double b) {
                          return double(static_cast<std::int64_t>(a) & static_cast<std::int64_t>(b));
                        })));
  EXPECT_TRUE(matches(compute_sync(~x), reference(DType::int64, base, [](double v) { return -v - 1; })));
  EXPECT_THROW(compute_sync(da::power(x, -1)), dtask::Error);  // as NumPy: no negative integer powers
}

TEST(Elementwise, WhereAndClip) {
  const Chunk a = random_values({7, 13}, DType::float64, 10);
  const Chunk c = random_values({7, 13}, DType::bool_, 11);
  const da::Array x = da::from_chunk(a, 3), cond = da::from_chunk(c, 4);
  EXPECT_TRUE(matches(compute_sync(da::where(cond, x, -x)),
                        reference(DType::float64, {7, 13}, c, a, [](double k, double v) { return k != 0 ? v : -v; })));
  EXPECT_TRUE(matches(compute_sync(da::where(x > 0, 1, 0)),
                        reference(DType::int64, a, [](double v) { return v > 0 ? 1.0 : 0.0; })));
  EXPECT_TRUE(matches(compute_sync(da::clip(x, -0.5, 0.25)),
                        reference(DType::float64, a, [](double v) { return std::min(std::max(v, -0.5), 0.25); })));
}

TEST(Elementwise, NanPropagatesThroughMaximumAndSign) {
  const Chunk v = Chunk::from_eigen(Eigen::RowVector3d(NAN, 1.0, -2.0));
  const da::Array x = da::from_chunk(v, 2);
  const Chunk m = compute_sync(da::maximum(x, 0.0));
  EXPECT_TRUE(std::isnan(m.data<double>()[0]));
  EXPECT_EQ(m.data<double>()[1], 1.0);
  EXPECT_TRUE(std::isnan(compute_sync(da::minimum(0.0, x)).data<double>()[0]));
  EXPECT_TRUE(std::isnan(compute_sync(da::sign(x)).data<double>()[0]));
  EXPECT_EQ(compute_sync(da::isnan(x)).data<bool>()[0], true);
}

TEST(Elementwise, AstypeConvertsAsNumPy) {
  const Chunk v = Chunk::from_eigen(Eigen::RowVector4d(1.75, -1.75, 0.0, NAN));
  const da::Array x = da::from_chunk(v, 3);
  const Chunk i = compute_sync(x.astype(DType::int64));
  EXPECT_EQ(i.dtype(), DType::int64);
  EXPECT_EQ(i.data<std::int64_t>()[0], 1);
  EXPECT_EQ(i.data<std::int64_t>()[1], -1);
  EXPECT_EQ(i.data<std::int64_t>()[3], std::numeric_limits<std::int64_t>::min());
  const Chunk b = compute_sync(da::astype(x, DType::bool_));
  EXPECT_EQ(b.data<bool>()[0], true);
  EXPECT_EQ(b.data<bool>()[2], false);
  EXPECT_EQ(b.data<bool>()[3], true);
  EXPECT_EQ(x.astype(DType::float64).name(), x.name());  // nothing to do
  EXPECT_TRUE(matches(compute_sync(x.astype(DType::float32)), v.astype(DType::float32)));
}

}  // namespace
