// Task: a registered function applied to arguments. An argument is a literal Value, the Key
// of another task's result, or a list of keys (passed to the function as one std::vector).
//
//   Task t("add", {Key("inc-1"), Value(10)});   // add(<result of inc-1>, 10)
#pragma once

#include <boost/container/small_vector.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/tracking.hpp>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include <dtask/core/function.hpp>
#include <dtask/core/key.hpp>
#include <dtask/core/value.hpp>

namespace dtask {

using KeyList = std::vector<Key>;
using Arg = std::variant<Value, Key, KeyList>;

class Task {
 public:
  using Args = boost::container::small_vector<Arg, 2>;

  Task() = default;
  Task(const Function& function, Args args) : function_(&function), args_(std::move(args)) {}
  // By registered name; an unknown name is kept and reported, with the key, when the graph runs.
  Task(std::string_view function_name, Args args);

  // nullptr when the function name is not registered in this binary.
  const Function* function() const noexcept { return function_; }
  std::string function_name() const { return function_ ? function_->name() : *unknown_name_; }
  const Args& args() const noexcept { return args_; }

  // Calls visit(key) for every key argument, in argument order (lists item by item).
  template <class F>
  void for_each_key(F&& visit) const {
    for (const Arg& arg : args_) {
      if (const Key* key = std::get_if<Key>(&arg)) {
        visit(*key);
      } else if (const KeyList* list = std::get_if<KeyList>(&arg)) {
        for (const Key& k : *list) visit(k);
      }
    }
  }

  void save(boost::archive::binary_oarchive& ar, unsigned version) const;
  void load(boost::archive::binary_iarchive& ar, unsigned version);
  template <class Archive>
  void serialize(Archive& ar, unsigned version) {
    if constexpr (Archive::is_saving::value) save(ar, version); else load(ar, version);
  }

 private:
  const Function* function_ = nullptr;
  std::shared_ptr<const std::string> unknown_name_;  // only for an unregistered name
  Args args_;
};

}  // namespace dtask

// Written inline, without class info or object tracking: Boost then serialises a Task by a
// direct call instead of a class lookup per object (the protocol writes thousands a message).
BOOST_CLASS_IMPLEMENTATION(dtask::Task, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(dtask::Task, boost::serialization::track_never)
