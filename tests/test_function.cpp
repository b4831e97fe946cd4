// The function registry and how registered functions receive their arguments.
#include <gtest/gtest.h>

#include <dtask/dtask.hpp>
#include <numeric>
#include <string>
#include <vector>

namespace {

using dtask::ArgView;
using dtask::Value;

long fn_inc(long x) { return x + 1; }
long fn_other(long x) { return x + 2; }
double fn_scale(const double& x, int k) { return x * k; }
long fn_total(const std::vector<long>& xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
long fn_total_by_value(std::vector<long> xs) { return std::accumulate(xs.begin(), xs.end(), 0L); }
// The address of the first value: a list as pointers refers to the Values' own objects.
long fn_first_address(const std::vector<const long*>& xs) { return reinterpret_cast<long>(xs.at(0)); }
long fn_two_lists(const std::vector<long>& xs, const std::vector<long>& ys) {
  return std::accumulate(xs.begin(), xs.end(), 0L) * 1000 + std::accumulate(ys.begin(), ys.end(), 0L);
}
std::string fn_join(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += p;
  return s;
}
DTASK_FUNCTIONS(fn_inc, fn_scale, fn_total, fn_total_by_value, fn_two_lists, fn_join, fn_first_address);

namespace ns {
long fn_in_namespace(long x) { return -x; }
}  // namespace ns
DTASK_FUNCTIONS(ns::fn_in_namespace);

// Values and the views of them that a call receives.
struct Args {
  std::vector<Value> values;
  std::vector<const Value*> pointers;
};

ArgView list_view(Args& args) {
  args.pointers.clear();
  for (const Value& v : args.values) args.pointers.push_back(&v);
  return ArgView{nullptr, std::span<const Value* const>(args.pointers)};
}

Args longs(std::initializer_list<long> xs) {
  Args a;
  for (long x : xs) a.values.emplace_back(x);
  return a;
}

TEST(Function, RegisteredFunctionIsFoundByNameAndAddress) {
  const dtask::Function* by_name = dtask::find_function("fn_inc");
  ASSERT_NE(by_name, nullptr);
  EXPECT_EQ(by_name, dtask::find_function(reinterpret_cast<dtask::RawFunction>(&fn_inc)));
  EXPECT_EQ(by_name->name(), "fn_inc");
  EXPECT_EQ(by_name->prefix(), "fn_inc");
  EXPECT_EQ(by_name->arity(), 1u);
}

TEST(Function, NamespaceQualifiedNameIsKept) {
  const dtask::Function* f = dtask::find_function("ns::fn_in_namespace");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f, dtask::find_function(reinterpret_cast<dtask::RawFunction>(&ns::fn_in_namespace)));
}

TEST(Function, UnregisteredFunctionIsNotFound) {
  EXPECT_EQ(dtask::find_function("fn_other"), nullptr);
  EXPECT_EQ(dtask::find_function(reinterpret_cast<dtask::RawFunction>(&fn_other)), nullptr);
}

TEST(Function, RegisteringTheSameFunctionAgainIsHarmless) {
  const dtask::Function& again = dtask::register_function("fn_inc", &fn_inc);
  EXPECT_EQ(&again, dtask::find_function("fn_inc"));
}

TEST(Function, AnotherFunctionUnderATakenNameThrowsValueError) {
  EXPECT_THROW(dtask::register_function("fn_inc", &fn_other), dtask::ValueError);
  EXPECT_EQ(dtask::find_function("fn_inc")->raw(), reinterpret_cast<dtask::RawFunction>(&fn_inc));
}

TEST(Function, CallPassesSingleValues) {
  Value x(2.5), k(4);
  ArgView views[] = {{&x, {}}, {&k, {}}};
  Value result = dtask::find_function("fn_scale")->call(views);
  EXPECT_EQ(result.get<double>(), 10.0);
}

TEST(Function, CallWithWrongNumberOfArgumentsThrowsTypeError) {
  Value x(1L);
  ArgView views[] = {{&x, {}}, {&x, {}}};
  EXPECT_THROW(dtask::find_function("fn_inc")->call(views), dtask::TypeError);
}

TEST(Function, CallWithWrongArgumentTypeThrowsTypeError) {
  Value x(1);  // int, but fn_inc takes long
  ArgView views[] = {{&x, {}}};
  EXPECT_THROW(dtask::find_function("fn_inc")->call(views), dtask::TypeError);
}

TEST(Function, ListOfValuesBecomesConstRefVectorParameter) {
  Args items = longs({1, 2, 3, 4});
  ArgView views[] = {list_view(items)};
  EXPECT_EQ(dtask::find_function("fn_total")->call(views).get<long>(), 10);
}

TEST(Function, EmptyListBecomesEmptyVector) {
  Args items;
  ArgView views[] = {list_view(items)};
  EXPECT_EQ(dtask::find_function("fn_total")->call(views).get<long>(), 0);
}

TEST(Function, ListOfValuesBecomesByValueVectorParameter) {
  Args items = longs({5, 6, 7});
  ArgView views[] = {list_view(items)};
  EXPECT_EQ(dtask::find_function("fn_total_by_value")->call(views).get<long>(), 18);
}

TEST(Function, ListOfValuesBecomesPointerVectorParameterWithoutCopies) {
  Args items = longs({5, 6, 7});
  ArgView views[] = {list_view(items)};
  const long address = dtask::find_function("fn_first_address")->call(views).get<long>();
  EXPECT_EQ(address, reinterpret_cast<long>(&items.values[0].get<long>()));
}

TEST(Function, TwoListParametersEachGetTheirValues) {
  Args xs = longs({1, 2, 3});
  Args ys = longs({10, 20});
  ArgView views[] = {list_view(xs), list_view(ys)};
  EXPECT_EQ(dtask::find_function("fn_two_lists")->call(views).get<long>(), 6 * 1000 + 30);
}

TEST(Function, ListOfStringsBecomesVectorOfStrings) {
  Args parts;
  for (const char* p : {"ab", "cd", "ef"}) parts.values.emplace_back(std::string(p));
  ArgView views[] = {list_view(parts)};
  EXPECT_EQ(dtask::find_function("fn_join")->call(views).get<std::string>(), "abcdef");
}

TEST(Function, VectorValuePassedAsSingleArgumentIsUsedDirectly) {
  Value xs(std::vector<long>{4, 5});
  ArgView views[] = {{&xs, {}}};
  EXPECT_EQ(dtask::find_function("fn_total")->call(views).get<long>(), 9);
}

TEST(Function, ListWhereSingleValueExpectedThrowsTypeError) {
  Args items = longs({1});
  ArgView views[] = {list_view(items)};
  EXPECT_THROW(dtask::find_function("fn_inc")->call(views), dtask::TypeError);
}

TEST(Function, SplitNamesReadsTheMacroText) {
  EXPECT_EQ(dtask::detail::split_names("inc, ns::add,&total_of"),
            (std::vector<std::string>{"inc", "ns::add", "total_of"}));
  EXPECT_EQ(dtask::detail::split_names("one"), std::vector<std::string>{"one"});
}

}  // namespace
