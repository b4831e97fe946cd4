#include "spill_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "protocol.hpp"  // archive_flags

namespace dtask::mpi {

namespace {

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

SpilledValue::SpilledValue(const Value& value, std::string path) : path_(std::move(path)) {
  if (value.has_raw_form()) {
    RawForm form = value.raw_form();
    raw_type_ = &value.type();
    raw_description_ = std::move(form.description);
    file_bytes_ = raw_bytes(form.parts);
    File file(path_, O_WRONLY | O_CREAT | O_EXCL);
    for (const auto& part : form.parts) file.write(part.data(), part.size());
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
    std::vector<std::span<std::byte>> parts;
    Value value = Value::from_raw(*raw_type_, raw_description_, parts);
    File file(path_, O_RDONLY);
    for (const auto& part : parts) file.read(part.data(), part.size());
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
