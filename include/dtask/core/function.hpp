// The function registry: tasks name their function by a stable registered name, the same on
// every rank because every rank runs the same binary. Functions are registered in one line:
//
//   int inc(int x) { return x + 1; }
//   int add(int x, int y) { return x + y; }
//   DTASK_FUNCTIONS(inc, add);
//
// Captureless lambdas given to dtask::delayed register themselves (see delayed.hpp).
// Parameters are taken by value or const reference; a parameter of type std::vector<T> also
// accepts a list of keys whose values are T.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <dtask/core/value.hpp>

namespace dtask {

// One argument as a function receives it: a single value or a list of values.
struct ArgView {
  const Value* single = nullptr;
  std::span<const Value* const> list = {};  // "= {}": ArgView{.single = &v} without a warning
};

using RawFunction = void (*)();
using Invoker = Value (*)(RawFunction, std::span<const ArgView>);

class Function {
 public:
  Function(std::string name, std::string prefix, RawFunction address, Invoker invoker,
           std::size_t arity)
      : name_(std::move(name)), prefix_(std::move(prefix)), raw_(address), invoker_(invoker),
        arity_(arity) {}

  // The registered name, unique in the binary.
  const std::string& name() const noexcept { return name_; }
  // What keys of its tasks start with ("inc" for inc, "lambda" for lambdas).
  const std::string& prefix() const noexcept { return prefix_; }
  std::size_t arity() const noexcept { return arity_; }
  RawFunction raw() const noexcept { return raw_; }

  Value call(std::span<const ArgView> args) const;

 private:
  std::string name_;
  std::string prefix_;
  RawFunction raw_;
  Invoker invoker_;
  std::size_t arity_;
};

// Looks a function up by its registered name; nullptr when none has it.
const Function* find_function(std::string_view name);
// Looks a function up by its address; nullptr when it was never registered.
const Function* find_function(RawFunction raw);

namespace detail {

const Function& add_function(std::string name, std::string prefix, RawFunction raw,
                             Invoker invoker, std::size_t arity);

template <class T>
struct IsStdVector : std::false_type {};
template <class T>
struct IsStdVector<std::vector<T>> : std::true_type {};

template <class T>
struct IsPointerVector : std::false_type {};
template <class T>
struct IsPointerVector<std::vector<const T*>> : std::true_type {};

// Holds one argument converted to the parameter type P: a reference into the Value, or, for a
// list of keys passed as std::vector<T>, a vector built from the listed values (copies), or as
// std::vector<const T*>, pointers to them (no copies: the values outlive the call).
template <class P>
class ParamHolder {
 public:
  explicit ParamHolder(const ArgView& arg) {
    if constexpr (IsPointerVector<P>::value) {
      using T = std::remove_const_t<std::remove_pointer_t<typename P::value_type>>;
      auto& items = built_.emplace();
      if (arg.single) {
        items.push_back(&arg.single->get<T>());
      } else {
        items.reserve(arg.list.size());
        for (const Value* v : arg.list) items.push_back(&v->get<T>());
      }
    } else if (arg.single) {
      ref_ = &arg.single->get<P>();
    } else if constexpr (IsStdVector<P>::value) {
      auto& items = built_.emplace();
      items.reserve(arg.list.size());
      for (const Value* v : arg.list) items.push_back(v->get<typename P::value_type>());
    } else {
      DTASK_THROW(TypeError, "a list of keys was passed where a single value is expected");
    }
  }
  // Not a pointer into built_: holders are moved into the argument tuple.
  const P& get() const { return built_ ? *built_ : *ref_; }

 private:
  const P* ref_ = nullptr;  // the single value's data
  std::optional<P> built_;  // or the vector gathered from a list
};

template <class R, class... A, std::size_t... I>
Value invoke_indexed(RawFunction raw, std::span<const ArgView> args, std::index_sequence<I...>) {
  auto f = reinterpret_cast<R (*)(A...)>(raw);
  std::tuple<ParamHolder<std::remove_cvref_t<A>>...> params{
      ParamHolder<std::remove_cvref_t<A>>(args[I])...};
  return Value(f(std::get<I>(params).get()...));
}

template <class R, class... A>
Value invoke(RawFunction raw, std::span<const ArgView> args) {
  return invoke_indexed<R, A...>(raw, args, std::index_sequence_for<A...>{});
}

template <class R, class... A>
constexpr void check_signature() {
  static_assert(!std::is_void_v<R>, "a task function must return a value");
  static_assert(((!std::is_lvalue_reference_v<A> || std::is_const_v<std::remove_reference_t<A>>) && ...),
                "task function parameters must be values or const references: inputs are shared");
}

// "inc, ns::add" -> {"inc", "ns::add"}: the names in the text of DTASK_FUNCTIONS.
std::vector<std::string> split_names(std::string_view text);

}  // namespace detail

// Registers f under name (and key prefix); registering the same function twice is harmless.
template <class R, class... A>
const Function& register_function(std::string name, R (*f)(A...), std::string prefix = {}) {
  detail::check_signature<R, A...>();
  if (prefix.empty()) prefix = name;
  return detail::add_function(std::move(name), std::move(prefix), reinterpret_cast<RawFunction>(f),
                              &detail::invoke<R, A...>, sizeof...(A));
}

namespace detail {

template <class... F>
bool register_functions(std::string_view text, F... functions) {
  std::vector<std::string> names = split_names(text);
  std::size_t i = 0;
  (register_function(names.at(i++), functions), ...);
  return true;
}

}  // namespace detail

}  // namespace dtask

#define DTASK_DETAIL_CONCAT2(a, b) a##b
#define DTASK_DETAIL_CONCAT(a, b) DTASK_DETAIL_CONCAT2(a, b)

// DTASK_FUNCTIONS(f, g, ...): registers free functions under their own names, once per binary.
#define DTASK_FUNCTIONS(...)                                                                \
  [[maybe_unused]] static const bool DTASK_DETAIL_CONCAT(dtask_functions_, __COUNTER__) = \
      ::dtask::detail::register_functions(#__VA_ARGS__, __VA_ARGS__)
