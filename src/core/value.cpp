#include <cxxabi.h>

#include <cstdlib>
#include <dtask/core/value.hpp>
#include <mutex>

#include "name_table.hpp"

namespace dtask {

namespace detail {

namespace {

struct TypeTable {
  std::mutex mutex;
  NameTable<std::unique_ptr<ValueType>> by_name;
};

TypeTable& type_table() {
  static TypeTable table;
  return table;
}

}  // namespace

const ValueType& register_value_type(ValueType type) {
  auto& table = type_table();
  std::lock_guard lock(table.mutex);
  auto it = table.by_name.find(type.name);
  if (it == table.by_name.end()) {
    auto name = type.name;
    it = table.by_name.emplace(name, std::make_unique<ValueType>(std::move(type))).first;
  }
  return *it->second;
}

const ValueType* find_value_type(std::string_view name) {
  auto& table = type_table();
  std::lock_guard lock(table.mutex);
  auto it = table.by_name.find(name);
  return it == table.by_name.end() ? nullptr : it->second.get();
}

std::string demangle(const char* name) {
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = status == 0 && readable ? readable : name;
  std::free(readable);
  return out;
}

}  // namespace detail

const ValueType& Value::type() const {
  if (!type_) DTASK_THROW(TypeError, "empty Value has no type");
  return *type_;
}

void Value::throw_type_mismatch(const std::string& wanted) const {
  DTASK_THROW(TypeError, "expected a value of type " + wanted + ", got " +
                             (type_ ? type_->pretty() : std::string("an empty value")));
}

RawForm Value::raw_form() const {
  if (!has_raw_form()) DTASK_THROW(TypeError, "values of type " + type().pretty() + " have no raw form");
  RawWriter out;
  type_->raw_write(data_.get(), out);
  return std::move(out).take();
}

Value Value::from_raw(const ValueType& type, std::string_view description, std::vector<std::span<std::byte>>& parts) {
  if (!type.raw_make) DTASK_THROW(TypeError, "values of type " + type.pretty() + " have no raw form");
  RawReader in(description);
  Value v;
  v.data_ = type.raw_make(in);
  v.type_ = &type;
  parts = std::move(in).finish();
  return v;
}

void Value::save(boost::archive::binary_oarchive& ar, unsigned) const {
  std::string name = type_ ? type_->name : std::string();
  ar << name;
  if (type_) type_->save(ar, data_.get());
}

void Value::load(boost::archive::binary_iarchive& ar, unsigned) {
  std::string name;
  ar >> name;
  if (name.empty()) {
    *this = Value();
    return;
  }
  const ValueType* type = detail::find_value_type(name);
  if (!type) DTASK_THROW(TypeError, "received a value of unregistered type " + detail::demangle(name.c_str()));
  data_ = type->load(ar);
  type_ = type;
}

}  // namespace dtask
