#include <dtask/core/key.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstring>

namespace dtask {

namespace {

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

Key::Key(std::string_view name, const Index& index) {
  repr_.reserve(name.size() + 1 + 4 * index.size());
  repr_.append(name);
  if (!index.empty()) {
    repr_.push_back('\0');
    for (std::int32_t i : index) repr_.append(reinterpret_cast<const char*>(&i), sizeof(i));
  }
  hash_ = hash_of(repr_);
}

// FNV-1a: stable across ranks of one binary and cheap for short keys.
std::size_t Key::hash_of(std::string_view repr) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (char c : repr) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<std::size_t>(h);
}

std::size_t Key::name_size() const noexcept {
  const void* nul = std::memchr(repr_.data(), '\0', repr_.size());
  return nul ? static_cast<std::size_t>(static_cast<const char*>(nul) - repr_.data()) : repr_.size();
}

std::size_t Key::ndim() const noexcept {
  const std::size_t n = name_size();
  return n == repr_.size() ? 0 : (repr_.size() - n - 1) / sizeof(std::int32_t);
}

Key::Index Key::index() const {
  Index index(ndim());
  if (!index.empty()) std::memcpy(index.data(), repr_.data() + name_size() + 1, index.size() * sizeof(std::int32_t));
  return index;
}

bool operator<(const Key& a, const Key& b) noexcept {
  if (a.name() != b.name()) return a.name() < b.name();
  return a.index() < b.index();
}

std::string Key::str() const {
  if (ndim() == 0) return std::string(name());
  std::string s = "('" + std::string(name()) + "'";
  for (auto i : index()) s += ", " + std::to_string(i);
  return s + ")";
}

std::string Key::prefix() const { return std::string(key_prefix(name())); }

std::string_view key_prefix(std::string_view name) {
  std::size_t end = name.find('-');
  if (end == std::string_view::npos) return name;
  while (end < name.size()) {
    std::size_t next = name.find('-', end + 1);
    if (next == std::string_view::npos) next = name.size();
    std::string_view word = name.substr(end + 1, next - end - 1);
    if (!is_alpha_word(word) || is_hex_token(word)) break;
    end = next;
  }
  return name.substr(0, end);
}

std::string unique_name(const std::string& prefix) {
  static std::atomic<std::uint64_t> counter{0};
  char digits[21];
  // Decimal, so that key_prefix never mistakes the token for a word ("inc-a" would stay whole).
  auto end = std::to_chars(digits, digits + sizeof(digits), counter.fetch_add(1, std::memory_order_relaxed)).ptr;
  std::string name;
  name.reserve(prefix.size() + 1 + static_cast<std::size_t>(end - digits));
  name.append(prefix).append(1, '-').append(digits, end);
  return name;
}

}  // namespace dtask
