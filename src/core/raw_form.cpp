#include <cstring>
#include <dtask/core/error.hpp>
#include <dtask/core/raw_form.hpp>

namespace dtask {

namespace {

[[noreturn]] void throw_malformed(const std::string& what) {
  DTASK_THROW(ValueError, "malformed raw description: " + what);
}

}  // namespace

void RawWriter::integer(std::uint64_t value) {
  form_.description.append(reinterpret_cast<const char*>(&value), sizeof value);
}

void RawWriter::text(std::string_view text) {
  integer(text.size());
  form_.description.append(text);
}

void RawWriter::part(const void* data, std::size_t size) {
  if (size > 0) form_.parts.emplace_back(static_cast<const std::byte*>(data), size);
}

std::uint64_t RawReader::integer() {
  std::uint64_t value = 0;
  if (rest_.size() < sizeof value) throw_malformed("it ends inside an integer");
  std::memcpy(&value, rest_.data(), sizeof value);
  rest_.remove_prefix(sizeof value);
  return value;
}

std::string_view RawReader::text() {
  const std::uint64_t size = integer();
  if (rest_.size() < size)
    throw_malformed("it ends inside a string of " + std::to_string(size) + " bytes");
  const std::string_view text = rest_.substr(0, size);
  rest_.remove_prefix(size);
  return text;
}

void RawReader::part(void* data, std::size_t size) {
  if (size > 0) parts_.emplace_back(static_cast<std::byte*>(data), size);
}

std::vector<std::span<std::byte>> RawReader::finish() && {
  if (!rest_.empty()) throw_malformed(std::to_string(rest_.size()) + " bytes left unread");
  return std::move(parts_);
}

}  // namespace dtask
