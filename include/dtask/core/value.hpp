// Value: one task's result or literal argument, of any C++ type, immutable and shared.
// A Value is a cheap handle (a shared pointer plus a type descriptor); copies share the data.
//
//   dtask::Value v(std::vector<int>{1, 2, 3});
//   const auto& xs = v.get<std::vector<int>>();   // throws dtask::TypeError for another type
//   v.nbytes();                                   // 36: the vector and its 3 ints
//
// Every type stored in a Value is registered once per process the first time the binary uses
// it, under its typeid name, which is the same on every rank of one executable; that is how a
// serialised value finds its type again on another rank.
#pragma once

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/vector.hpp>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <typeinfo>
#include <vector>

#include <dtask/core/eigen_serialization.hpp>
#include <dtask/core/error.hpp>
#include <dtask/core/raw_buffer.hpp>
#include <dtask/core/size_of.hpp>

namespace dtask {

// What dtask knows of one C++ type held in Values.
struct ValueType {
  std::string name;  // typeid name: identical on every rank of one binary
  std::string (*pretty)();
  std::size_t (*nbytes)(const void*);
  void (*save)(boost::archive::binary_oarchive&, const void*);
  std::shared_ptr<const void> (*load)(boost::archive::binary_iarchive&);
  // For types with a raw form (raw_form.hpp; else null): writes its description and parts; makes
  // an empty object from a description, collecting where its parts go.
  void (*raw_write)(const void*, RawWriter&);
  std::shared_ptr<const void> (*raw_make)(RawReader&);
};

namespace detail {

const ValueType& register_value_type(ValueType type);
const ValueType* find_value_type(std::string_view name);
std::string demangle(const char* name);

template <class T>
constexpr auto raw_write_of() -> void (*)(const void*, RawWriter&) {
  if constexpr (has_raw_form_v<T>) return [](const void* p, RawWriter& out) { write_raw(*static_cast<const T*>(p), out); };
  else return nullptr;
}
template <class T>
constexpr auto raw_make_of() -> std::shared_ptr<const void> (*)(RawReader&) {
  if constexpr (has_raw_form_v<T>) return [](RawReader& in) -> std::shared_ptr<const void> { return make_raw<T>(in); };
  else return nullptr;
}

template <class T>
const ValueType& make_value_type() {
  return register_value_type(ValueType{
      typeid(T).name(),
      [] { return demangle(typeid(T).name()); },
      [](const void* p) { return SizeOf<T>::of(*static_cast<const T*>(p)); },
      [](boost::archive::binary_oarchive& ar, const void* p) { ar << *static_cast<const T*>(p); },
      [](boost::archive::binary_iarchive& ar) -> std::shared_ptr<const void> {
        auto p = std::make_shared<T>();
        ar >> *p;
        return p;
      },
      raw_write_of<T>(), raw_make_of<T>()});
}

}  // namespace detail

// The descriptor of T, made on first use (safe from any static initialiser).
template <class T>
const ValueType& value_type_of() {
  static const ValueType& type = detail::make_value_type<std::remove_cvref_t<T>>();
  return type;
}

namespace detail {

// Registers T during static initialisation of the binary, so that every rank knows every type
// the program can produce before the first message arrives. Value's constructor refers to it.
template <class T>
struct TypeRegistration {
  static inline const bool registered = (value_type_of<T>(), true);
};

}  // namespace detail

class Value {
 public:
  Value() = default;

  template <class T, class D = std::remove_cvref_t<T>,
            class = std::enable_if_t<!std::is_same_v<D, Value>>>
  explicit Value(T&& v)
      : data_(std::make_shared<const D>(std::forward<T>(v))), type_(&value_type_of<D>()) {
    static_cast<void>(detail::TypeRegistration<D>::registered);
  }

  bool has_value() const noexcept { return data_ != nullptr; }
  const ValueType& type() const;

  template <class T>
  bool holds() const noexcept {
    return type_ != nullptr && (type_ == &value_type_of<T>() || type_->name == typeid(T).name());
  }

  template <class T>
  const T& get() const {
    if (!holds<T>()) throw_type_mismatch(detail::demangle(typeid(T).name()));
    return *static_cast<const T*>(data_.get());
  }

  std::size_t nbytes() const { return type_ ? type_->nbytes(data_.get()) : 0; }

  // Raw form (raw_form.hpp): whether this value has one; its description and parts, which point
  // into this value (keep it alive while they are read).
  bool has_raw_form() const noexcept { return type_ && type_->raw_write; }
  RawForm raw_form() const;
  // A new value of a type with a raw form, made from a description (RawForm::description);
  // parts receives where its contents go, as many and as large as the sender's parts, to be
  // written before anyone reads the value.
  static Value from_raw(const ValueType& type, std::string_view description, std::vector<std::span<std::byte>>& parts);

  // Boost.Serialization: the type's name, then the object.
  void save(boost::archive::binary_oarchive& ar, unsigned version) const;
  void load(boost::archive::binary_iarchive& ar, unsigned version);
  template <class Archive>
  void serialize(Archive& ar, unsigned version) {
    if constexpr (Archive::is_saving::value) save(ar, version); else load(ar, version);
  }

 private:
  [[noreturn]] void throw_type_mismatch(const std::string& wanted) const;

  std::shared_ptr<const void> data_;
  const ValueType* type_ = nullptr;
};

}  // namespace dtask

// Written inline, without class info or object tracking: Boost then serialises a Value by a
// direct call instead of a class lookup per object (the protocol writes thousands a message).
BOOST_CLASS_IMPLEMENTATION(dtask::Value, boost::serialization::object_serializable)
BOOST_CLASS_TRACKING(dtask::Value, boost::serialization::track_never)
