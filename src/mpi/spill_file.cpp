#include "spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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
  std::lock_guard lock(registry().mutex);
  registry().paths.insert(path_);
}

SpillDirectory::~SpillDirectory() {
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
  {
    boost::archive::binary_oarchive archive(out, archive_flags);
    archive << value;
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
