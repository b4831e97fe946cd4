// Value: typed access, shared copies, byte counts and the Boost.Serialization round trip of
// every kind of value a task can produce or receive.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <dtask/dtask.hpp>
#include <random>
#include <sstream>
#include <string>
#include <typeinfo>
#include <vector>

namespace {

using dtask::Key;
using dtask::Task;
using dtask::Value;

long val_add(long a, long b) { return a + b; }
DTASK_FUNCTIONS(val_add);

struct ValShipped {
  int x = 0;
  template <class Archive>
  void serialize(Archive& ar, unsigned) {
    ar & x;
  }
};

// Built during static initialisation, like any namespace-scope constant of a program.
const Value val_global_constant(42);

Value round_trip(const Value& value) {
  std::stringstream buffer;
  {
    boost::archive::binary_oarchive out(buffer);
    out << value;
  }
  boost::archive::binary_iarchive in(buffer);
  Value back;
  in >> back;
  return back;
}

Eigen::MatrixXd random_matrix(std::mt19937& rng, int rows, int cols) {
  std::normal_distribution<double> normal;
  Eigen::MatrixXd m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = normal(rng);
  return m;
}

TEST(Value, DefaultIsEmpty) {
  Value v;
  EXPECT_FALSE(v.has_value());
  EXPECT_EQ(v.nbytes(), 0u);
  EXPECT_FALSE(v.holds<int>());
  EXPECT_THROW(v.type(), dtask::TypeError);
  EXPECT_THROW(v.get<int>(), dtask::TypeError);
}

TEST(Value, GetReturnsTheStoredObject) {
  EXPECT_EQ(Value(7).get<int>(), 7);
  EXPECT_EQ(Value(2.5).get<double>(), 2.5);
  EXPECT_EQ(Value(std::string("abc")).get<std::string>(), "abc");
  EXPECT_EQ(Value(std::vector<int>{1, 2, 3}).get<std::vector<int>>(), (std::vector<int>{1, 2, 3}));
}

TEST(Value, HoldsReportsTheExactType) {
  Value v(7);
  EXPECT_TRUE(v.holds<int>());
  EXPECT_FALSE(v.holds<long>());
  EXPECT_FALSE(v.holds<double>());
}

TEST(Value, GetOfAnotherTypeThrowsTypeErrorNamingBothTypes) {
  Value v(7);
  try {
    (void)v.get<double>();
    FAIL() << "no TypeError";
  } catch (const dtask::TypeError& e) {
    std::string message = e.what();
    EXPECT_NE(message.find("double"), std::string::npos) << message;
    EXPECT_NE(message.find("int"), std::string::npos) << message;
  }
}

TEST(Value, CopiesShareOneObject) {
  Value a(std::vector<double>(1000, 1.0));
  Value b = a;
  EXPECT_EQ(&a.get<std::vector<double>>(), &b.get<std::vector<double>>());
}

TEST(Value, GlobalConstantKnowsItsType) {
  // A Value built before main must work like any other.
  ASSERT_TRUE(val_global_constant.has_value());
  EXPECT_TRUE(val_global_constant.holds<int>());
  EXPECT_EQ(val_global_constant.get<int>(), 42);
}

TEST(Value, NbytesOfScalarIsItsSize) {
  EXPECT_EQ(Value(1).nbytes(), sizeof(int));
  EXPECT_EQ(Value(1.0).nbytes(), sizeof(double));
}

TEST(Value, NbytesGrowsWithPayload) {
  auto vec = [](std::size_t n) { return Value(std::vector<double>(n)).nbytes(); };
  EXPECT_GE(vec(3), 3 * sizeof(double));
  EXPECT_EQ(vec(100) - vec(0), 100 * sizeof(double));
  auto ints = [](std::size_t n) { return Value(std::vector<int>(n)).nbytes(); };
  EXPECT_EQ(ints(3) - ints(0), 3 * sizeof(int));
  auto str = [](std::size_t n) { return Value(std::string(n, 'x')).nbytes(); };
  EXPECT_EQ(str(1000) - str(0), 1000u);
  auto mat = [](int r, int c) { return Value(Eigen::MatrixXd(r, c)).nbytes(); };
  EXPECT_EQ(mat(7, 3) - mat(0, 0), 21 * sizeof(double));
  EXPECT_GE(mat(7, 3), 21 * sizeof(double));
}

TEST(ValueArchive, RoundTripsInt) {
  for (int x : {0, 1, -1, 2147483647, -2147483647 - 1}) {
    Value back = round_trip(Value(x));
    ASSERT_TRUE(back.holds<int>());
    EXPECT_EQ(back.get<int>(), x);
  }
}

TEST(ValueArchive, RoundTripsDouble) {
  for (double x : {0.0, -0.0, 1.0 / 3.0, 1e308, -4.9e-324}) {
    Value back = round_trip(Value(x));
    ASSERT_TRUE(back.holds<double>());
    EXPECT_EQ(back.get<double>(), x);
  }
}

TEST(ValueArchive, RoundTripsString) {
  for (const std::string& s : {std::string(), std::string("dtask"), std::string("nul\0inside", 10), std::string(100000, 'z')}) {
    Value back = round_trip(Value(s));
    ASSERT_TRUE(back.holds<std::string>());
    EXPECT_EQ(back.get<std::string>(), s);
  }
}

TEST(ValueArchive, RoundTripsVectorOfDouble) {
  std::mt19937 rng(11);
  std::normal_distribution<double> normal;
  for (std::size_t n : {0u, 1u, 17u, 10000u}) {
    std::vector<double> v(n);
    for (double& x : v) x = normal(rng);
    Value back = round_trip(Value(v));
    ASSERT_TRUE(back.holds<std::vector<double>>());
    EXPECT_EQ(back.get<std::vector<double>>(), v);
  }
}

TEST(ValueArchive, RoundTripsEigenMatrix) {
  std::mt19937 rng(12);
  for (auto [rows, cols] : {std::pair{1, 1}, std::pair{7, 3}, std::pair{3, 7}, std::pair{64, 65}, std::pair{0, 0}, std::pair{0, 4}}) {
    Eigen::MatrixXd m = random_matrix(rng, rows, cols);
    Value back = round_trip(Value(m));
    ASSERT_TRUE(back.holds<Eigen::MatrixXd>());
    const auto& got = back.get<Eigen::MatrixXd>();
    ASSERT_EQ(got.rows(), rows);
    ASSERT_EQ(got.cols(), cols);
    EXPECT_TRUE(got == m);
  }
}

TEST(ValueArchive, RoundTripsEigenVector) {
  std::mt19937 rng(13);
  Eigen::VectorXd v = random_matrix(rng, 9, 1);
  Value back = round_trip(Value(v));
  ASSERT_TRUE(back.holds<Eigen::VectorXd>());
  EXPECT_TRUE(back.get<Eigen::VectorXd>() == v);
}

TEST(ValueArchive, RoundTripsKey) {
  Key key("chunk-ab12", {3, -4});
  Value back = round_trip(Value(key));
  ASSERT_TRUE(back.holds<Key>());
  EXPECT_EQ(back.get<Key>(), key);
}

TEST(ValueArchive, RoundTripsTaskWithEveryKindOfArgument) {
  Task task("val_add", {Value(3L), Key("x", {1}), dtask::KeyList{Key("a"), Key("b", {2, 3})}});
  Value back = round_trip(Value(task));
  ASSERT_TRUE(back.holds<Task>());
  const Task& got = back.get<Task>();
  EXPECT_EQ(got.function(), dtask::find_function("val_add"));
  EXPECT_EQ(got.function_name(), "val_add");
  ASSERT_EQ(got.args().size(), 3u);
  ASSERT_TRUE(std::holds_alternative<Value>(got.args()[0]));
  EXPECT_EQ(std::get<Value>(got.args()[0]).get<long>(), 3L);
  ASSERT_TRUE(std::holds_alternative<Key>(got.args()[1]));
  EXPECT_EQ(std::get<Key>(got.args()[1]), Key("x", {1}));
  ASSERT_TRUE(std::holds_alternative<dtask::KeyList>(got.args()[2]));
  EXPECT_EQ(std::get<dtask::KeyList>(got.args()[2]), (dtask::KeyList{Key("a"), Key("b", {2, 3})}));
}

TEST(ValueArchive, RoundTripsTaskOfUnknownFunctionKeepingItsName) {
  Task task("no_such_fn", {Value(1)});
  Value back = round_trip(Value(task));
  const Task& got = back.get<Task>();
  EXPECT_EQ(got.function(), nullptr);
  EXPECT_EQ(got.function_name(), "no_such_fn");
  EXPECT_EQ(std::get<Value>(got.args()[0]).get<int>(), 1);
}

TEST(ValueArchive, RoundTripsEmptyValue) {
  EXPECT_FALSE(round_trip(Value()).has_value());
}

TEST(ValueArchive, RoundTripsSeveralValuesInOneArchive) {
  std::stringstream buffer;
  {
    boost::archive::binary_oarchive out(buffer);
    Value a(1), b(std::string("two")), c(std::vector<double>{3.0}), d(Eigen::MatrixXd::Identity(2, 2).eval());
    out << a << b << c << d;
  }
  boost::archive::binary_iarchive in(buffer);
  Value a, b, c, d;
  in >> a >> b >> c >> d;
  EXPECT_EQ(a.get<int>(), 1);
  EXPECT_EQ(b.get<std::string>(), "two");
  EXPECT_EQ(c.get<std::vector<double>>(), std::vector<double>{3.0});
  EXPECT_TRUE(d.get<Eigen::MatrixXd>() == Eigen::MatrixXd::Identity(2, 2));
}

TEST(ValueArchive, UnknownTypeNameThrowsTypeError) {
  // An archive written by a binary that knows a type this one does not: rename the type in it.
  std::stringstream buffer;
  {
    boost::archive::binary_oarchive out(buffer);
    Value v(ValShipped{5});
    out << v;
  }
  std::string bytes = buffer.str();
  const std::string name = typeid(ValShipped).name();
  auto at = bytes.find(name);
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, name.size(), std::string(name.size(), 'Z'));
  std::stringstream renamed(bytes);
  boost::archive::binary_iarchive in(renamed);
  Value back;
  EXPECT_THROW(in >> back, dtask::TypeError);
}

}  // namespace
