// Logging for every layer: levelled, tagged with the MPI rank, to stderr, quiet by default.
//
//   DTASK_LOG=info mpirun -np 3 ./app      # or debug; warn is the default
//   DTASK_LOG(info, "job " << id << ": " << tasks << " tasks");
//
// A line reads "dtask[rank 1 +0.532s] info: ...": the rank (the runtime sets it; 0 in one
// process) and the seconds since the process started. A disabled level costs one relaxed
// atomic load; the message is not even formatted.
#pragma once

#include <atomic>
#include <sstream>
#include <string_view>

namespace dtask::log {

enum class Level { debug = 0, info = 1, warn = 2, off = 3 };

namespace detail {
extern constinit std::atomic<int> threshold;  // warn until DTASK_LOG is read, at start-up
}

inline bool enabled(Level level) noexcept {
  return static_cast<int>(level) >= detail::threshold.load(std::memory_order_relaxed);
}
// Writes one whole line (one write call: lines of different threads do not interleave).
void write(Level level, std::string_view message);
void set_level(Level level);
void set_rank(int rank);
// "debug", "info", "warn", "off" (as DTASK_LOG); throws dtask::ValueError for anything else.
Level parse_level(std::string_view name);

}  // namespace dtask::log

#define DTASK_LOG(level, message)                                             \
  do {                                                                        \
    if (::dtask::log::enabled(::dtask::log::Level::level)) {                  \
      std::ostringstream dtask_log_line_;                                     \
      dtask_log_line_ << message;                                             \
      ::dtask::log::write(::dtask::log::Level::level, dtask_log_line_.str()); \
    }                                                                         \
  } while (false)
