#include <dtask/core/function.hpp>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "name_table.hpp"

namespace dtask {

namespace {

struct FunctionTable {
  std::mutex mutex;
  detail::NameTable<std::unique_ptr<Function>> by_name;
  std::unordered_map<RawFunction, const Function*> by_address;
};

FunctionTable& function_table() {
  static FunctionTable table;
  return table;
}

}  // namespace

Value Function::call(std::span<const ArgView> args) const {
  if (args.size() != arity_) {
    DTASK_THROW(TypeError, "function '" + name_ + "' takes " + std::to_string(arity_) +
                               " arguments, got " + std::to_string(args.size()));
  }
  return invoker_(raw_, args);
}

const Function* find_function(std::string_view name) {
  auto& table = function_table();
  std::lock_guard lock(table.mutex);
  auto it = table.by_name.find(name);
  return it == table.by_name.end() ? nullptr : it->second.get();
}

const Function* find_function(RawFunction raw) {
  auto& table = function_table();
  std::lock_guard lock(table.mutex);
  auto it = table.by_address.find(raw);
  return it == table.by_address.end() ? nullptr : it->second;
}

namespace detail {

const Function& add_function(std::string name, std::string prefix, RawFunction raw,
                             Invoker invoker, std::size_t arity) {
  auto& table = function_table();
  std::lock_guard lock(table.mutex);
  auto it = table.by_name.find(name);
  if (it != table.by_name.end()) {
    if (it->second->raw() != raw) {
      DTASK_THROW(ValueError, "two different functions are registered as '" + name + "'");
    }
    return *it->second;
  }
  auto function = std::make_unique<Function>(name, std::move(prefix), raw, invoker, arity);
  const Function& ref = *function;
  table.by_name.emplace(std::move(name), std::move(function));
  table.by_address.emplace(raw, &ref);
  return ref;
}

std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> names;
  std::string current;
  for (char c : text) {
    if (c == ',') {
      names.push_back(std::move(current));
      current.clear();
    } else if (c != ' ' && c != '\t' && c != '\n' && c != '&') {
      current += c;
    }
  }
  names.push_back(std::move(current));
  return names;
}

}  // namespace detail

}  // namespace dtask
