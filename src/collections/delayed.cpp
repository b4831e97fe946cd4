#include <dtask/delayed.hpp>

#include <atomic>
#include <charconv>

namespace dtask::detail {

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

void throw_unregistered(const std::string& key) {
  DTASK_THROW(GraphError, "task '" + key +
                              "' calls a function that is not registered: add "
                              "DTASK_FUNCTIONS(<function name>) at namespace scope");
}

}  // namespace dtask::detail
