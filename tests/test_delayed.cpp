// dtask::delayed: lazy calls of registered functions and lambdas with every supported kind of
// argument, shared work run once, DOT export and very long chains.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <atomic>
#include <cstdio>
#include <dtask/dtask.hpp>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

using dtask::Delayed;
using dtask::sched::SyncScheduler;
using dtask::sched::ThreadScheduler;

std::atomic<int> dl_expensive_calls{0};

int dl_inc(int x) { return x + 1; }
int dl_add(int a, int b) { return a + b; }
double dl_half(double x) { return x / 2; }
double dl_axpy(double a, double x, double y) { return a * x + y; }
std::string dl_greet(const std::string& name, int times) {
  std::string s;
  for (int i = 0; i < times; ++i) s += "hi " + name + ";";
  return s;
}
std::size_t dl_length(const std::string& s) { return s.size(); }
std::vector<int> dl_iota(int n) {
  std::vector<int> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}
int dl_sum_ints(const std::vector<int>& xs) { return std::accumulate(xs.begin(), xs.end(), 0); }
std::vector<double> dl_scale(const std::vector<double>& xs, double k) {
  std::vector<double> out = xs;
  for (double& x : out) x *= k;
  return out;
}
double dl_dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}
double dl_sum_doubles(const std::vector<double>& xs) { return std::accumulate(xs.begin(), xs.end(), 0.0); }
std::string dl_concat(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}
Eigen::MatrixXd dl_matmul(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return a * b; }
Eigen::MatrixXd dl_sum_matrices(const std::vector<Eigen::MatrixXd>& ms) {
  Eigen::MatrixXd s = ms.at(0);
  for (std::size_t i = 1; i < ms.size(); ++i) s += ms[i];
  return s;
}
Eigen::VectorXd dl_matvec(const Eigen::MatrixXd& a, const Eigen::VectorXd& x) { return a * x; }
double dl_norm(const Eigen::VectorXd& x) { return x.norm(); }
long dl_expensive(long x) {
  dl_expensive_calls.fetch_add(1);
  return x * x;
}
long dl_linc(long x) { return x + 1; }
long dl_ladd(long a, long b) { return a + b; }
long dl_lsub(long a, long b) { return a - b; }

// The seed example, as apps/seed_delayed.
long dl_seed_inc(long x) { return x + 1; }
long dl_seed_double(long x) { return x + 2; }
long dl_seed_add(long x, long y) { return x + y; }
long dl_seed_total(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }

long dl_never_registered(long x) { return x; }

DTASK_FUNCTIONS(dl_inc, dl_add, dl_half, dl_axpy, dl_greet, dl_length, dl_iota, dl_sum_ints, dl_scale, dl_dot,
                dl_sum_doubles, dl_concat, dl_matmul, dl_sum_matrices, dl_matvec, dl_norm, dl_expensive, dl_linc,
                dl_ladd, dl_lsub, dl_seed_inc, dl_seed_double, dl_seed_add, dl_seed_total);

Eigen::MatrixXd random_matrix(std::mt19937& rng, int rows, int cols) {
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd m(rows, cols);
  for (int j = 0; j < cols; ++j)
    for (int i = 0; i < rows; ++i) m(i, j) = u(rng);
  return m;
}

TEST(Delayed, CallsNothingUntilComputed) {
  dl_expensive_calls = 0;
  auto x = dtask::delayed(dl_expensive)(3L);
  EXPECT_EQ(dl_expensive_calls.load(), 0);
  EXPECT_EQ(x.compute(), 9);
  EXPECT_EQ(dl_expensive_calls.load(), 1);
}

TEST(Delayed, IntArguments) {
  auto a = dtask::delayed(dl_inc)(1);
  auto b = dtask::delayed(dl_add)(a, 10);
  auto c = dtask::delayed(dl_add)(a, b);
  SyncScheduler sync;
  EXPECT_EQ(c.compute(sync), 2 + 12);
  EXPECT_EQ(c.compute(), 14);
}

TEST(Delayed, DoubleArguments) {
  auto x = dtask::delayed(dl_half)(5.0);
  auto y = dtask::delayed(dl_axpy)(2.0, x, 0.25);
  EXPECT_DOUBLE_EQ(y.compute(), 2.0 * 2.5 + 0.25);
}

TEST(Delayed, IntLiteralIsConvertedForADoubleParameter) {
  EXPECT_DOUBLE_EQ(dtask::delayed(dl_half)(3).compute(), 1.5);
  auto x = dtask::delayed(dl_half)(7);
  EXPECT_DOUBLE_EQ(dtask::delayed(dl_axpy)(2, x, 1).compute(), 2 * 3.5 + 1);
}

TEST(Delayed, StringArguments) {
  auto g = dtask::delayed(dl_greet)("ada", 2);  // const char* literal for a std::string parameter
  EXPECT_EQ(g.compute(), "hi ada;hi ada;");
  auto n = dtask::delayed(dl_length)(g);
  EXPECT_EQ(n.compute(), std::string("hi ada;hi ada;").size());
  auto s = dtask::delayed(dl_greet)(std::string("bob"), dtask::delayed(dl_inc)(0));
  EXPECT_EQ(s.compute(), "hi bob;");
}

TEST(Delayed, VectorOfIntArguments) {
  auto v = dtask::delayed(dl_iota)(100);
  EXPECT_EQ(dtask::delayed(dl_sum_ints)(v).compute(), 99 * 100 / 2);
  EXPECT_EQ(dtask::delayed(dl_sum_ints)(std::vector<int>{4, 5, 6}).compute(), 15);
}

TEST(Delayed, VectorOfDoubleArguments) {
  std::vector<double> a{1.0, 2.0, 3.0}, b{0.5, -1.0, 4.0};
  auto scaled = dtask::delayed(dl_scale)(a, 2);  // int literal for the double k
  auto dot = dtask::delayed(dl_dot)(scaled, b);
  double want = 0;
  for (std::size_t i = 0; i < a.size(); ++i) want += 2 * a[i] * b[i];
  EXPECT_DOUBLE_EQ(dot.compute(), want);
  EXPECT_EQ(scaled.compute(), (std::vector<double>{2.0, 4.0, 6.0}));
}

TEST(Delayed, EigenMatrixArguments) {
  std::mt19937 rng(61);
  Eigen::MatrixXd a = random_matrix(rng, 7, 5), b = random_matrix(rng, 5, 3), c = random_matrix(rng, 3, 3);
  auto ab = dtask::delayed(dl_matmul)(a, b);
  auto abc = dtask::delayed(dl_matmul)(ab, c);
  Eigen::MatrixXd want = (a * b) * c;
  Eigen::MatrixXd got = abc.compute();
  ASSERT_EQ(got.rows(), 7);
  ASSERT_EQ(got.cols(), 3);
  EXPECT_TRUE(got.isApprox(want, 1e-12));
  Eigen::MatrixXd one = dtask::delayed(dl_matmul)(Eigen::MatrixXd::Constant(1, 1, 3.0), Eigen::MatrixXd::Constant(1, 1, 4.0)).compute();
  EXPECT_EQ(one(0, 0), 12.0);
}

TEST(Delayed, EigenVectorArguments) {
  std::mt19937 rng(62);
  Eigen::MatrixXd a = random_matrix(rng, 6, 4);
  Eigen::VectorXd x = random_matrix(rng, 4, 1);
  auto ax = dtask::delayed(dl_matvec)(a, x);
  auto norm = dtask::delayed(dl_norm)(ax);
  Eigen::VectorXd want = a * x;
  EXPECT_TRUE(ax.compute().isApprox(want, 1e-12));
  EXPECT_NEAR(norm.compute(), want.norm(), 1e-12);
}

TEST(Delayed, ListOfDelayedIntsFeedsAVectorParameter) {
  std::vector<Delayed<int>> parts;
  int want = 0;
  for (int i = 0; i < 20; ++i) {
    parts.push_back(dtask::delayed(dl_inc)(i));
    want += i + 1;
  }
  EXPECT_EQ(dtask::delayed(dl_sum_ints)(parts).compute(), want);
  EXPECT_EQ(dtask::delayed(dl_sum_ints)(std::vector<Delayed<int>>{}).compute(), 0);
}

TEST(Delayed, ListsOfDelayedDoublesFeedTwoVectorParameters) {
  std::vector<Delayed<double>> xs, ys;
  double want = 0;
  for (int i = 0; i < 6; ++i) {
    xs.push_back(dtask::delayed(dl_half)(i));
    ys.push_back(dtask::delayed(dl_half)(10 + i));
    want += (i / 2.0) * ((10 + i) / 2.0);
  }
  EXPECT_DOUBLE_EQ(dtask::delayed(dl_dot)(xs, ys).compute(), want);
}

TEST(Delayed, ListOfDelayedDoublesMixedWithALiteral) {
  std::vector<Delayed<double>> xs;
  for (int i = 1; i <= 3; ++i) xs.push_back(dtask::delayed(dl_half)(i));
  std::vector<double> got = dtask::delayed(dl_scale)(xs, 4).compute();
  EXPECT_EQ(got, (std::vector<double>{2.0, 4.0, 6.0}));
}

TEST(Delayed, ListOfDelayedStringsFeedsAVectorParameter) {
  std::vector<Delayed<std::string>> parts;
  for (const char* name : {"x", "y", "z"}) parts.push_back(dtask::delayed(dl_greet)(name, 1));
  EXPECT_EQ(dtask::delayed(dl_concat)(parts).compute(), "hi x;hi y;hi z;");
}

TEST(Delayed, ListOfDelayedMatricesFeedsAVectorParameter) {
  std::mt19937 rng(63);
  std::vector<Eigen::MatrixXd> ms;
  std::vector<Delayed<Eigen::MatrixXd>> parts;
  for (int i = 0; i < 5; ++i) {
    ms.push_back(random_matrix(rng, 3, 4));
    parts.push_back(dtask::delayed_value(ms.back()));
  }
  Eigen::MatrixXd want = ms[0] + ms[1] + ms[2] + ms[3] + ms[4];
  EXPECT_TRUE(dtask::delayed(dl_sum_matrices)(parts).compute().isApprox(want, 1e-12));
}

TEST(Delayed, ListOfDelayedBecomesOneDelayedVector) {
  std::vector<Delayed<int>> parts;
  for (int i = 0; i < 10; ++i) parts.push_back(dtask::delayed(dl_add)(i, i));
  Delayed<std::vector<int>> all = dtask::delayed(parts);
  std::vector<int> want;
  for (int i = 0; i < 10; ++i) want.push_back(2 * i);
  EXPECT_EQ(all.compute(), want);
  EXPECT_EQ(dtask::delayed(dl_sum_ints)(all).compute(), 90);
  std::vector<Delayed<std::string>> words{dtask::delayed_value(std::string("a")), dtask::delayed_value(std::string("b"))};
  EXPECT_EQ(dtask::delayed(words).compute(), (std::vector<std::string>{"a", "b"}));
}

TEST(Delayed, DelayedValueWrapsEveryType) {
  EXPECT_EQ(dtask::delayed_value(5).compute(), 5);
  EXPECT_EQ(dtask::delayed_value(2.5).compute(), 2.5);
  EXPECT_EQ(dtask::delayed_value(std::string("s")).compute(), "s");
  EXPECT_EQ(dtask::delayed_value(std::vector<int>{1, 2}).compute(), (std::vector<int>{1, 2}));
  EXPECT_EQ(dtask::delayed_value(std::vector<double>{0.5}).compute(), std::vector<double>{0.5});
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(3, 3);
  EXPECT_TRUE(dtask::delayed_value(m).compute() == m);
  Eigen::VectorXd v = Eigen::VectorXd::LinSpaced(4, 0, 3);
  EXPECT_TRUE(dtask::delayed_value(v).compute() == v);
  auto d = dtask::delayed_value(20);
  EXPECT_EQ(dtask::delayed(dl_add)(d, d).compute(), 40);
}

TEST(Delayed, CapturelessLambdasWorkLikeRegisteredFunctions) {
  auto twice = dtask::delayed([](int x) { return 2 * x; });
  auto plus = dtask::delayed([](int a, const int& b) { return a + b; });
  auto x = twice(21);
  EXPECT_EQ(x.compute(), 42);
  EXPECT_EQ(plus(x, twice(x)).compute(), 42 + 84);
  auto total = dtask::delayed([](const std::vector<double>& xs) { return std::accumulate(xs.begin(), xs.end(), 0.0); });
  EXPECT_DOUBLE_EQ(total(std::vector<double>{0.5, 0.25}).compute(), 0.75);
  EXPECT_EQ(x.key().name().rfind("lambda-", 0), 0u) << x.key().name();
}

TEST(Delayed, KeysStartWithTheFunctionNameAndAreUnique) {
  auto a = dtask::delayed(dl_inc)(1);
  auto b = dtask::delayed(dl_inc)(1);
  EXPECT_NE(a.key(), b.key());
  EXPECT_EQ(a.key().name().rfind("dl_inc-", 0), 0u) << a.key().name();
  EXPECT_EQ(dtask::delayed_value(1).key().name().rfind("value-", 0), 0u);
}

TEST(Delayed, KeyPrefixIsTheFunctionNameWhateverTheToken) {
  // The prefix groups a function's tasks (for duration estimates): every call of dl_inc must
  // have the prefix dl_inc, whatever the token that makes its key unique.
  std::set<std::string> prefixes;
  for (int i = 0; i < 300; ++i) prefixes.insert(dtask::delayed(dl_inc)(i).key().prefix());
  EXPECT_EQ(prefixes, std::set<std::string>{"dl_inc"});
}

TEST(Delayed, ComputeOfSeveralValuesReturnsATupleAndRunsSharedWorkOnce) {
  for (int threads : {0, 1, 4}) {
    dl_expensive_calls = 0;
    auto shared = dtask::delayed(dl_expensive)(7L);
    auto a = dtask::delayed(dl_linc)(shared);
    auto b = dtask::delayed(dl_ladd)(shared, a);
    auto c = dtask::delayed(dl_lsub)(b, shared);
    std::tuple<long, long, long> got;
    if (threads == 0) {
      SyncScheduler sync;
      got = dtask::compute(sync, a, b, c);
    } else {
      ThreadScheduler pool(static_cast<unsigned>(threads));
      got = dtask::compute(pool, a, b, c);
    }
    EXPECT_EQ(got, std::make_tuple(50L, 99L, 50L)) << threads;
    EXPECT_EQ(dl_expensive_calls.load(), 1) << threads;
  }
  dl_expensive_calls = 0;
  auto s = dtask::delayed(dl_expensive)(3L);
  auto [x, y, z] = dtask::compute(s, dtask::delayed(dl_linc)(s), s);
  EXPECT_EQ(x, 9);
  EXPECT_EQ(y, 10);
  EXPECT_EQ(z, 9);
  EXPECT_EQ(dl_expensive_calls.load(), 1);
}

TEST(Delayed, ComputeOfMixedTypes) {
  auto [i, d, s] = dtask::compute(dtask::delayed(dl_inc)(1), dtask::delayed(dl_half)(1), dtask::delayed(dl_greet)("c", 1));
  EXPECT_EQ(i, 2);
  EXPECT_EQ(d, 0.5);
  EXPECT_EQ(s, "hi c;");
}

TEST(Delayed, SeedExampleGives45) {
  std::vector<Delayed<long>> output;
  for (long x : {1L, 2L, 3L, 4L, 5L}) {
    auto a = dtask::delayed(dl_seed_inc)(x);
    auto b = dtask::delayed(dl_seed_double)(x);
    output.push_back(dtask::delayed(dl_seed_add)(a, b));
  }
  auto total = dtask::delayed(dl_seed_total)(output);
  SyncScheduler sync;
  ThreadScheduler pool(2);
  EXPECT_EQ(total.compute(sync), 45);
  EXPECT_EQ(total.compute(pool), 45);
  EXPECT_EQ(total.graph().size(), 16u);
}

TEST(Delayed, SeedExampleOverARangeMatchesTheClosedForm) {
  constexpr long n = 2000;
  std::vector<Delayed<long>> output;
  for (long x = 0; x < n; ++x)
    output.push_back(dtask::delayed(dl_seed_add)(dtask::delayed(dl_seed_inc)(x), dtask::delayed(dl_seed_double)(x)));
  EXPECT_EQ(dtask::delayed(dl_seed_total)(output).compute(), n * n + 2 * n);
}

TEST(Delayed, UnregisteredFunctionThrowsGraphErrorNamingTheKeyAtCallTime) {
  auto lazy = dtask::delayed(dl_never_registered);  // no error yet: nothing was called
  try {
    lazy(1L);
    FAIL() << "no GraphError";
  } catch (const dtask::GraphError& e) {
    EXPECT_TRUE(std::regex_search(e.what(), std::regex("task 'function-[0-9a-f]+'"))) << e.what();
  }
}

TEST(Delayed, ToDotShowsEveryKeyAndEveryEdge) {
  auto a = dtask::delayed(dl_inc)(1);
  auto b = dtask::delayed(dl_inc)(a);
  auto c = dtask::delayed(dl_add)(a, b);
  std::vector<Delayed<int>> list{a, b, c};
  auto s = dtask::delayed(dl_sum_ints)(list);
  std::string dot = s.to_dot();
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);

  std::map<std::string, std::string> node_of_label;  // label -> node name
  std::regex node_line(R"re(\s*(n\d+) \[label="([^"]*)")re");
  std::regex edge_line(R"re(\s*(n\d+) -> (n\d+);)re");
  std::multiset<std::pair<std::string, std::string>> edges;
  std::istringstream lines(dot);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, node_line)) node_of_label[m[2]] = m[1];
    else if (std::regex_search(line, m, edge_line)) edges.emplace(m[1], m[2]);
  }
  ASSERT_EQ(node_of_label.size(), 4u);
  for (const auto* d : {&a, &b, &c}) ASSERT_TRUE(node_of_label.count(d->key().str())) << d->key().str();
  ASSERT_TRUE(node_of_label.count(s.key().str()));
  auto n = [&](const Delayed<int>& d) { return node_of_label.at(d.key().str()); };
  std::multiset<std::pair<std::string, std::string>> want{
      {n(a), n(b)}, {n(a), n(c)}, {n(b), n(c)}, {n(a), n(s)}, {n(b), n(s)}, {n(c), n(s)}};
  EXPECT_EQ(edges, want);
}

TEST(Delayed, ToDotWritesAFile) {
  auto x = dtask::delayed(dl_inc)(dtask::delayed(dl_inc)(0));
  std::string path = testing::TempDir() + "dtask_test_graph.dot";
  x.to_dot(path);
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), x.to_dot());
  std::remove(path.c_str());
  EXPECT_THROW(x.to_dot("/nonexistent-dir/graph.dot"), dtask::Error);
}

TEST(Delayed, ChainOfHundredThousandCallsComputes) {
  constexpr int n = 100000;
  auto x = dtask::delayed(dl_linc)(0L);
  for (int i = 1; i < n; ++i) x = dtask::delayed(dl_linc)(x);
  EXPECT_EQ(x.graph().size(), static_cast<std::size_t>(n));
  EXPECT_EQ(x.compute(), n);
  SyncScheduler unfused({.fuse = false});
  EXPECT_EQ(x.compute(unfused), n);
}

TEST(Delayed, HandlesShareTheirGraph) {
  auto a = dtask::delayed(dl_inc)(1);
  Delayed<int> copy = a;
  EXPECT_EQ(copy.key(), a.key());
  ASSERT_EQ(copy.graph().tops().size(), 1u);
  EXPECT_EQ(copy.graph().tops()[0].get(), a.graph().tops()[0].get());
}

}  // namespace
