#include "spill_file.hpp"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <csignal>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <mutex>
#include <set>

#include "protocol.hpp"  // archive_flags

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

[[noreturn]] void io_failure(const std::string& what, const std::string& path) {
  DTASK_THROW(IoError, what + " '" + path + "': " + std::strerror(errno));
}

// POSIX file descriptors, closed on every path.
class File {
 public:
  File(const std::string& path, int flags) : path_(path), fd_(::open(path.c_str(), flags | O_CLOEXEC, 0600)) {
    if (fd_ < 0) io_failure("cannot open spill file", path);
  }
  ~File() {
    if (fd_ >= 0) ::close(fd_);
  }
  void write(const void* data, std::size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t done = ::write(fd_, p, n);
      if (done < 0 && errno == EINTR) continue;
      if (done <= 0) io_failure("cannot write spill file", path_);
      p += done, n -= static_cast<std::size_t>(done);
    }
  }
  void read(void* data, std::size_t n) {
    char* p = static_cast<char*>(data);
    while (n > 0) {
      ssize_t done = ::read(fd_, p, n);
      if (done < 0 && errno == EINTR) continue;
      if (done < 0) io_failure("cannot read spill file", path_);
      if (done == 0) DTASK_THROW(IoError, "spill file '" + path_ + "' is shorter than what was written to it");
      p += done, n -= static_cast<std::size_t>(done);
    }
  }
  void close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) io_failure("cannot write spill file", path_);
  }

 private:
  std::string path_;
  int fd_;
};

}  // namespace

SpillDirectory::SpillDirectory(const std::string& parent, const std::string& prefix) {
  std::string base = parent;
  if (base.empty()) {
    const char* tmp = std::getenv("TMPDIR");
    base = tmp && *tmp ? tmp : "/tmp";
  }
  std::string pattern = base + "/" + prefix + "-XXXXXX";
  if (!::mkdtemp(pattern.data())) io_failure("cannot make a spill directory in", base);
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

SpilledValue::SpilledValue(const Value& value, std::string path) : path_(std::move(path)) {
  if (value.has_raw_form()) {
    raw_type_ = &value.type();
    raw_shape_ = value.raw_shape();
    file_bytes_ = value.raw_size();
    File file(path_, O_WRONLY | O_CREAT | O_EXCL);
    file.write(value.raw_data(), file_bytes_);
    file.close();
    return;
  }
  std::ofstream out(path_, std::ios::binary | std::ios::trunc);
  if (!out) io_failure("cannot open spill file", path_);
  try {
    boost::archive::binary_oarchive archive(out, archive_flags);
    archive << value;
  } catch (const boost::archive::archive_exception&) {
    io_failure("cannot write spill file", path_);  // the stream failed: errno says why
  }
  file_bytes_ = static_cast<std::uint64_t>(out.tellp());
  if (!out.flush()) io_failure("cannot write spill file", path_);
}

SpilledValue::~SpilledValue() { ::unlink(path_.c_str()); }

Value SpilledValue::load() const {
  if (raw_type_) {
    void* bytes = nullptr;
    Value value = Value::from_raw(*raw_type_, raw_shape_, &bytes);
    File file(path_, O_RDONLY);
    file.read(bytes, file_bytes_);
    return value;
  }
  std::ifstream in(path_, std::ios::binary);
  if (!in) io_failure("cannot open spill file", path_);
  Value value;
  try {
    boost::archive::binary_iarchive archive(in, archive_flags);
    archive >> value;
  } catch (const boost::archive::archive_exception& e) {
    DTASK_THROW(IoError, "cannot read spill file '" + path_ + "': " + e.what());
  }
  return value;
}

}  // namespace dtask::mpi
