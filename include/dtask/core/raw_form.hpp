// The raw form of a value: a short description from which a receiver makes an empty object of the
// same layout, plus the byte ranges ("parts") that hold the object's contents. Values with a raw
// form cross ranks and go to spill files without serialisation: the description travels in the
// batch message, the parts are sent straight from the object and received straight into the new
// one, same sizes, same order.
//
// A type gets a multi-part raw form by specialising RawParts (a Table: its names and column
// layouts, then each column's buffers); single-buffer types specialise RawBuffer instead
// (raw_buffer.hpp), which makes a one-part raw form.
//
//   template <> struct RawParts<Pair> {
//     static constexpr bool enabled = true;
//     static void write(const Pair& p, RawWriter& out) {
//       out.integer(p.xs.size());
//       out.part(p.xs.data(), p.xs.size() * sizeof(double));
//     }
//     static void read(RawReader& in, Pair& p) {   // p is default-constructed
//       p.xs.resize(in.integer());
//       in.part(p.xs.data(), p.xs.size() * sizeof(double));
//     }
//   };
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dtask {

// A value's description and the parts that hold its contents, in order. Empty parts are left
// out on both sides, so no part has size 0.
struct RawForm {
  std::string description;
  std::vector<std::span<const std::byte>> parts;
};

// The parts' sizes added up.
template <class Byte>
std::size_t raw_bytes(const std::vector<std::span<Byte>>& parts) noexcept {
  std::size_t total = 0;
  for (const auto& part : parts) total += part.size();
  return total;
}

// Builds a RawForm: the description is a sequence of integers and strings in native byte order
// (every rank runs the same binary on the same kind of machine).
class RawWriter {
 public:
  void integer(std::uint64_t value);
  void text(std::string_view text);
  void part(const void* data, std::size_t size);
  RawForm take() && { return std::move(form_); }

 private:
  RawForm form_;
};

// Reads a description back, in the order it was written, while the object is made; collects
// where each part's bytes are to go. A description that ends early or is not read to its end
// is a dtask::ValueError.
class RawReader {
 public:
  explicit RawReader(std::string_view description) : rest_(description) {}
  std::uint64_t integer();
  std::string_view text();
  void part(void* data, std::size_t size);
  // The parts, once the whole description has been read.
  std::vector<std::span<std::byte>> finish() &&;

 private:
  std::string_view rest_;
  std::vector<std::span<std::byte>> parts_;
};

template <class T, class Enable = void>
struct RawParts {
  static constexpr bool enabled = false;
};

// A vector of values with a multi-part raw form (a groupby's partial tables): its length, then
// each element's description and parts.
template <class T>
struct RawParts<std::vector<T>, std::enable_if_t<RawParts<T>::enabled>> {
  static constexpr bool enabled = true;
  static void write(const std::vector<T>& items, RawWriter& out) {
    out.integer(items.size());
    for (const T& item : items) RawParts<T>::write(item, out);
  }
  static void read(RawReader& in, std::vector<T>& items) {
    items.resize(in.integer());
    for (T& item : items) RawParts<T>::read(in, item);
  }
};

}  // namespace dtask
