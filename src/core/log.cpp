#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dtask/core/error.hpp>
#include <dtask/core/log.hpp>
#include <string>

namespace dtask::log {

namespace {

const auto process_start = std::chrono::steady_clock::now();
std::atomic<int> rank{0};

int level_from_environment() {
  const char* name = std::getenv("DTASK_LOG");
  if (!name || !*name) return static_cast<int>(Level::warn);
  try {
    return static_cast<int>(parse_level(name));
  } catch (const Error&) {
    std::fprintf(stderr, "dtask: DTASK_LOG=%s is not one of debug, info, warn, off: using warn\n",
                 name);
    return static_cast<int>(Level::warn);
  }
}

constexpr const char* names[] = {"debug", "info", "warn", "off"};

}  // namespace

void set_level(Level level) {
  detail::threshold.store(static_cast<int>(level), std::memory_order_relaxed);
}

constinit std::atomic<int> detail::threshold{static_cast<int>(Level::warn)};

namespace {
[[maybe_unused]] const bool level_read =
    (set_level(static_cast<Level>(level_from_environment())), true);
}

Level parse_level(std::string_view name) {
  for (int i = 0; i < 4; ++i)
    if (name == names[i]) return static_cast<Level>(i);
  DTASK_THROW(ValueError,
              "unknown log level '" + std::string(name) + "' (debug, info, warn or off)");
}

void set_rank(int r) { rank.store(r, std::memory_order_relaxed); }

void write(Level level, std::string_view message) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - process_start).count();
  char head[64];
  const int n = std::snprintf(head, sizeof head,
                              "dtask[rank %d +%.3fs] %s: ", rank.load(std::memory_order_relaxed),
                              seconds, names[static_cast<int>(level)]);
  std::string line(head, static_cast<std::size_t>(n));
  line.append(message).push_back('\n');
  [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace dtask::log
