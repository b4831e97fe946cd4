// dtask::delayed: lazy calls of ordinary C++ functions, as dask.delayed. Nothing runs until
// compute(); calls that share inputs share them in the graph and run them once.
//
//   int inc(int x) { return x + 1; }
//   int add(int x, int y) { return x + y; }
//   int total_of(const std::vector<int>& xs);
//   DTASK_FUNCTIONS(inc, add, total_of);
//
//   std::vector<dtask::Delayed<int>> parts;
//   for (int v : {1, 2, 3}) parts.push_back(dtask::delayed(add)(dtask::delayed(inc)(v), 10));
//   auto total = dtask::delayed(total_of)(parts);   // a list of delayed values as one argument
//   int t = total.compute();
//   auto [a, b] = dtask::compute(parts[0], total);  // shared work runs once
//
// A Delayed<T> is a cheap handle: its key plus a shared pointer to the immutable layers that
// compute it. Arguments may be Delayed<T> (for a parameter of type T), a std::vector of
// Delayed<T> (for a std::vector<T> parameter), or plain values (converted to the parameter
// type when the call is built). Captureless lambdas work like registered functions.
#pragma once

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include <dtask/core/function.hpp>
#include <dtask/core/graph.hpp>
#include <dtask/diagnostics/dot.hpp>
#include <dtask/sched/scheduler.hpp>

namespace dtask {

template <class T>
class Delayed {
 public:
  using value_type = T;

  Delayed(Key key, Graph graph) : key_(std::move(key)), graph_(std::move(graph)) {}

  const Key& key() const noexcept { return key_; }
  const Graph& graph() const noexcept { return graph_; }

  T compute() const { return compute(sched::default_scheduler()); }
  T compute(sched::Scheduler& scheduler) const {
    return scheduler.get(graph_, std::span<const Key>(&key_, 1)).front().template get<T>();
  }

  std::string to_dot() const { return diagnostics::to_dot(graph_); }
  void to_dot(const std::string& path) const { diagnostics::write_dot(graph_, path); }

 private:
  Key key_;
  Graph graph_;
};

namespace detail {

template <class T>
struct IsDelayed : std::false_type {};
template <class T>
struct IsDelayed<Delayed<T>> : std::true_type {};

template <class T>
struct IsDelayedList : std::false_type {};
template <class T>
struct IsDelayedList<std::vector<Delayed<T>>> : std::true_type {};

// Turns one call argument into a task argument for parameter type P, collecting the layers it
// depends on.
template <class P, class X>
Arg to_arg(X&& x, LayerPtrs& layers) {
  using D = std::remove_cvref_t<X>;
  if constexpr (IsDelayed<D>::value) {
    static_assert(std::is_same_v<typename D::value_type, P>,
                  "a Delayed<T> argument must match a parameter of type T");
    layers.insert(layers.end(), x.graph().tops().begin(), x.graph().tops().end());
    return x.key();
  } else if constexpr (IsDelayedList<D>::value) {
    static_assert(std::is_same_v<std::vector<typename D::value_type::value_type>, P>,
                  "a std::vector<Delayed<T>> argument must match a std::vector<T> parameter");
    KeyList keys;
    keys.reserve(x.size());
    for (const auto& item : x) {
      keys.push_back(item.key());
      layers.insert(layers.end(), item.graph().tops().begin(), item.graph().tops().end());
    }
    return keys;
  } else {
    static_assert(std::is_constructible_v<P, X>, "argument cannot be converted to the parameter type");
    return Value(P(std::forward<X>(x)));
  }
}

// The function-pointer type of a captureless lambda.
template <class M>
struct LambdaSignature;
template <class L, class R, class... A>
struct LambdaSignature<R (L::*)(A...) const> {
  using pointer = R (*)(A...);
};

template <class L>
using LambdaPointer = typename LambdaSignature<decltype(&L::operator())>::pointer;

// Built-in and lambda functions register during static initialisation (so every rank of the
// binary knows them) and on first use (so a static initialiser may already call them).
template <class L>
struct LambdaRegistration {
  static const Function& function() {
    static const Function& f = register_function(std::string("lambda@") + typeid(L).name(),
                                                 static_cast<LambdaPointer<L>>(L{}), "lambda");
    return f;
  }
  static inline const bool registered = (function(), true);
};

template <class T>
T identity(const T& value) {
  return value;
}

template <class T>
struct IdentityRegistration {
  static const Function& function() {
    static const Function& f =
        register_function(std::string("identity@") + typeid(T).name(), &identity<T>, "value");
    return f;
  }
  static inline const bool registered = (function(), true);
};

template <class T>
std::vector<T> gather(const std::vector<T>& items) {
  return items;
}

template <class T>
struct GatherRegistration {
  static const Function& function() {
    static const Function& f =
        register_function(std::string("gather@") + typeid(T).name(), &gather<T>, "list");
    return f;
  }
  static inline const bool registered = (function(), true);
};

[[noreturn]] void throw_unregistered(const std::string& key);

}  // namespace detail

// A registered function (or captureless lambda) made lazy: calling it builds a task.
template <class R, class... A>
class DelayedFunction {
 public:
  DelayedFunction(const Function* function, std::string prefix)
      : function_(function), prefix_(std::move(prefix)) {}

  template <class... X>
  Delayed<std::remove_cvref_t<R>> operator()(X&&... args) const {
    static_assert(sizeof...(X) == sizeof...(A), "wrong number of arguments for this function");
    std::string name = unique_name(prefix_);
    if (!function_) detail::throw_unregistered(name);
    LayerPtrs layers;
    Task::Args task_args;
    task_args.reserve(sizeof...(X));
    (task_args.push_back(detail::to_arg<std::remove_cvref_t<A>>(std::forward<X>(args), layers)), ...);
    Key key(name);
    Layer::Tasks tasks;
    tasks.emplace_back(key, Task(*function_, std::move(task_args)));
    auto layer = std::make_shared<Layer>(std::move(name), std::move(tasks), std::move(layers));
    return Delayed<std::remove_cvref_t<R>>(std::move(key), Graph(std::move(layer)));
  }

 private:
  const Function* function_;  // nullptr: never registered; calling it throws
  std::string prefix_;
};

template <class R, class... A>
DelayedFunction<R, A...> delayed(R (*f)(A...)) {
  const Function* function = find_function(reinterpret_cast<RawFunction>(f));
  return DelayedFunction<R, A...>(function, function ? function->prefix() : "function");
}

namespace detail {

template <class R, class... A>
DelayedFunction<R, A...> delayed_function(const Function& function, R (*)(A...)) {
  return DelayedFunction<R, A...>(&function, function.prefix());
}

}  // namespace detail

// A captureless lambda; generic lambdas (auto parameters) have no one signature and are refused.
template <class L, class Pointer = detail::LambdaPointer<std::remove_cvref_t<L>>,
          class = std::enable_if_t<std::is_convertible_v<L, Pointer>>>
auto delayed(L&&) {
  using Registration = detail::LambdaRegistration<std::remove_cvref_t<L>>;
  static_cast<void>(Registration::registered);
  const Function& function = Registration::function();
  return detail::delayed_function(function, Pointer{});
}

// A list of delayed values as one delayed std::vector.
template <class T>
Delayed<std::vector<T>> delayed(const std::vector<Delayed<T>>& items) {
  static_cast<void>(detail::GatherRegistration<T>::registered);
  const Function& gather = detail::GatherRegistration<T>::function();
  return detail::delayed_function(gather, &detail::gather<T>)(items);
}

// A plain value as a Delayed, for graphs that start from data.
template <class T, class D = std::remove_cvref_t<T>>
Delayed<D> delayed_value(T&& value) {
  static_cast<void>(detail::IdentityRegistration<D>::registered);
  const Function& identity = detail::IdentityRegistration<D>::function();
  return detail::delayed_function(identity, &detail::identity<D>)(std::forward<T>(value));
}

namespace detail {

template <class... T, std::size_t... I>
std::tuple<T...> unpack(const std::vector<Value>& values, std::index_sequence<I...>) {
  return std::tuple<T...>{values[I].template get<T>()...};
}

}  // namespace detail

// Computes several delayed values in one graph: what they share runs once.
template <class... T>
std::tuple<T...> compute(sched::Scheduler& scheduler, const Delayed<T>&... items) {
  std::vector<Key> keys{items.key()...};
  std::vector<Value> values = scheduler.get(Graph::merge({items.graph()...}), keys);
  return detail::unpack<T...>(values, std::index_sequence_for<T...>{});
}

template <class... T>
std::tuple<T...> compute(const Delayed<T>&... items) {
  return compute(sched::default_scheduler(), items...);
}

}  // namespace dtask
