#include "spill_directory.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <set>

#include <dtask/core/error.hpp>

namespace dtask::mpi {

namespace {

// The directories alive in this process, for remove_spill_directories.
struct Registry {
  std::mutex mutex;
  std::set<std::string> paths;
};

Registry& registry() {
  static Registry* r = new Registry;  // never destroyed: at-exit handlers may still use it
  return *r;
}

// mpirun ends the other ranks of a failed job with SIGTERM (Ctrl-C: SIGINT), which runs no
// destructor: a handler removes the spill directories with async-signal-safe calls only (no
// locks, no allocation: directory descriptors opened in advance, raw getdents64), then the
// process dies of the signal as it would have.
struct SignalSlot {
  std::atomic<bool> used{false};
  std::atomic<int> dir_fd{-1};
  int parent_fd = -1;
  char name[256] = {};
};
constexpr int signal_slot_count = 16;  // spill directories per process: one per worker
SignalSlot signal_slots[signal_slot_count];

// The kernel's struct linux_dirent64: its name follows the type byte.
struct LinuxDirent64 {
  std::uint64_t ino;
  std::int64_t off;
  unsigned short reclen;
  unsigned char type;
};
constexpr std::size_t dirent_name_offset = offsetof(LinuxDirent64, type) + 1;

bool dot_or_dotdot(const char* n) { return n[0] == '.' && (n[1] == '\0' || (n[1] == '.' && n[2] == '\0')); }

void empty_and_remove(int dir_fd, int parent_fd, const char* name) {
  alignas(8) char buffer[4096];
  for (bool removed = true; removed;) {  // entries move as others go: read again until none is left
    removed = false;
    ::lseek(dir_fd, 0, SEEK_SET);
    const long n = ::syscall(SYS_getdents64, dir_fd, buffer, sizeof buffer);
    for (long at = 0; at < n;) {
      const auto* entry = reinterpret_cast<const LinuxDirent64*>(buffer + at);
      const char* name_at = buffer + at + dirent_name_offset;
      if (!dot_or_dotdot(name_at) && ::unlinkat(dir_fd, name_at, 0) == 0) removed = true;
      at += entry->reclen;
    }
  }
  ::unlinkat(parent_fd, name, AT_REMOVEDIR);
}

void remove_on_signal(int signal) {
  for (SignalSlot& slot : signal_slots) {
    const int fd = slot.dir_fd.exchange(-1);
    if (fd < 0) continue;
    empty_and_remove(fd, slot.parent_fd, slot.name);
  }
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

// Only where nobody else handles the signal.
void install_signal_handlers() {
  for (int signal : {SIGTERM, SIGINT, SIGHUP}) {
    struct sigaction old {};
    if (::sigaction(signal, nullptr, &old) != 0 || old.sa_handler != SIG_DFL || (old.sa_flags & SA_SIGINFO)) continue;
    struct sigaction action {};
    action.sa_handler = remove_on_signal;
    sigemptyset(&action.sa_mask);
    ::sigaction(signal, &action, nullptr);
  }
}

// A slot for the directory (none free: only the other exit paths remove it).
SignalSlot* take_signal_slot(const std::string& parent, const std::string& path) {
  static const bool installed = (install_signal_handlers(), true);
  static_cast<void>(installed);
  const std::string name = path.substr(path.rfind('/') + 1);
  for (SignalSlot& slot : signal_slots) {
    if (slot.used.exchange(true)) continue;
    slot.parent_fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    name.copy(slot.name, sizeof slot.name - 1);
    slot.name[std::min(name.size(), sizeof slot.name - 1)] = '\0';
    slot.dir_fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    return &slot;
  }
  return nullptr;
}

void release_signal_slot(SignalSlot* slot) noexcept {
  if (!slot) return;
  const int fd = slot->dir_fd.exchange(-1);
  if (fd >= 0) ::close(fd);
  if (slot->parent_fd >= 0) ::close(slot->parent_fd);
  slot->parent_fd = -1;
  slot->used = false;
}

void remove_tree(const std::string& path) noexcept {
  std::error_code ignored;
  std::filesystem::remove_all(path, ignored);
}

}  // namespace

SpillDirectory::SpillDirectory(const std::string& parent, const std::string& prefix) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string pattern = base + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(pattern.data()))
    DTASK_THROW(IoError, "cannot make a spill directory in '" + base + "': " + std::strerror(errno));
  path_ = pattern;
  static const bool at_exit = (std::atexit(remove_spill_directories), true);
  static_cast<void>(at_exit);
  signal_slot_ = take_signal_slot(base, path_);
  std::lock_guard lock(registry().mutex);
  registry().paths.insert(path_);
}

SpillDirectory::~SpillDirectory() {
  release_signal_slot(static_cast<SignalSlot*>(signal_slot_));
  {
    std::lock_guard lock(registry().mutex);
    registry().paths.erase(path_);
  }
  remove_tree(path_);
}

std::string SpillDirectory::new_file_path() { return path_ + "/" + std::to_string(next_++); }

void remove_spill_directories() noexcept {
  // Called from a terminate handler, possibly while another thread holds the lock.
  std::unique_lock lock(registry().mutex, std::try_to_lock);
  if (!lock) return;
  for (const std::string& path : registry().paths) remove_tree(path);
  registry().paths.clear();
}

}  // namespace dtask::mpi
