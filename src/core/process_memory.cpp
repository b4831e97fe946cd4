#include <dtask/core/process_memory.hpp>

#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <string>

namespace dtask {

namespace {

// A cgroup (v2, then v1) memory limit; "max" or a missing file is none.
std::uint64_t cgroup_limit() {
  for (const char* path : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream file(path);
    std::string text;
    if (!(file >> text) || text == "max") continue;
    try {
      return std::stoull(text);
    } catch (const std::exception&) {
    }
  }
  return UINT64_MAX;
}

// The largest resident_bytes() reading so far.
std::atomic<std::uint64_t> largest_reading{0};

}  // namespace

std::uint64_t total_memory() {
  const auto pages = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES));
  const auto page = static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  return std::min(pages * page, cgroup_limit());
}

std::uint64_t resident_bytes() {
  // statm: size resident shared text lib data dt, in pages. Kept open (reopened in a forked
  // child): reading an open file costs under a microsecond, opening it several.
  static int statm = -1;
  static pid_t opened_by = 0;
  static std::mutex mutex;
  char text[128];
  ssize_t length = -1;
  {
    std::lock_guard lock(mutex);
    if (opened_by != getpid()) {
      if (statm >= 0) close(statm);
      statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
      opened_by = getpid();
    }
    if (statm >= 0) length = pread(statm, text, sizeof text - 1, 0);
  }
  if (length <= 0) return 0;
  text[length] = '\0';
  char* after_size = nullptr;
  std::strtoull(text, &after_size, 10);
  const std::uint64_t resident = std::strtoull(after_size, nullptr, 10);
  const std::uint64_t bytes = resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
  std::uint64_t largest = largest_reading.load(std::memory_order_relaxed);
  while (bytes > largest && !largest_reading.compare_exchange_weak(largest, bytes, std::memory_order_relaxed)) {
  }
  return bytes;
}

std::uint64_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto high_water = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
  return std::max(high_water, largest_reading.load(std::memory_order_relaxed));
}

void trim_heap() { malloc_trim(0); }

void reuse_freed_memory() {
  // No block of its own mapping, however large: above the threshold (32 MiB at most) glibc
  // would map every block afresh and unmap it when freed, so that a task's 32-64 MB hash tables
  // and columns faulted their pages in again each time (the seed's groupby: 9% of its time).
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
}

}  // namespace dtask
