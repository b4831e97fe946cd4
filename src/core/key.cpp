#include <dtask/core/key.hpp>

#include <functional>

namespace dtask {

namespace {

// FNV-1a over the name and the index: stable across ranks of one binary and cheap.
std::size_t hash_key(const std::string& name, const Key::Index& index) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ull;
  };
  for (char c : name) mix(static_cast<unsigned char>(c));
  for (std::int32_t i : index)
    for (int b = 0; b < 4; ++b) mix(static_cast<unsigned char>(i >> (8 * b)));
  return static_cast<std::size_t>(h ^ (h >> 29));
}

bool is_alpha_word(std::string_view w) {
  if (w.empty()) return false;
  for (char c : w)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')) return false;
  return true;
}

bool is_hex_token(std::string_view w) {
  if (w.size() != 8) return false;
  for (char c : w)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

Key::Key(std::string name, Index index)
    : name_(std::move(name)), index_(std::move(index)), hash_(hash_key(name_, index_)) {}

std::string Key::str() const {
  if (index_.empty()) return name_;
  std::string s = "('" + name_ + "'";
  for (auto i : index_) s += ", " + std::to_string(i);
  return s + ")";
}

std::string Key::prefix() const { return key_prefix(name_); }

std::string key_prefix(std::string_view name) {
  std::size_t end = name.find('-');
  if (end == std::string_view::npos) return std::string(name);
  while (end < name.size()) {
    std::size_t next = name.find('-', end + 1);
    if (next == std::string_view::npos) next = name.size();
    std::string_view word = name.substr(end + 1, next - end - 1);
    if (!is_alpha_word(word) || is_hex_token(word)) break;
    end = next;
  }
  return std::string(name.substr(0, end));
}

}  // namespace dtask
