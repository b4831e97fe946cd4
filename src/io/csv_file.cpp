#include "csv_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include <dtask/core/error.hpp>

namespace dtask::io {

CsvFile::CsvFile(const std::string& path) : path_(path) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) DTASK_THROW(IoError, "cannot open " + path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
    ::close(fd_);
    DTASK_THROW(IoError, "cannot read " + path + ": not a regular file");
  }
  size_ = info.st_size;
}

CsvFile::~CsvFile() { ::close(fd_); }

void CsvFile::read_into(char* out, std::int64_t offset, std::int64_t length) const {
  while (length > 0) {
    const ssize_t got = ::pread(fd_, out, static_cast<std::size_t>(length), offset);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0)
      DTASK_THROW(IoError,
                  "cannot read " + path_ + ": " + (got < 0 ? std::strerror(errno) : "file shrank"));
    out += got;
    offset += got;
    length -= got;
  }
}

void CsvFile::read(CsvBuffer& buffer, std::int64_t offset, std::int64_t length) const {
  const std::int64_t begin = std::clamp<std::int64_t>(offset, 0, size_);
  const auto bytes =
      static_cast<std::size_t>(std::clamp<std::int64_t>(offset + length, begin, size_) - begin);
  if (bytes > buffer.capacity()) buffer = CsvBuffer(std::max(bytes, buffer.capacity() * 2));
  read_into(buffer.begin(), begin, static_cast<std::int64_t>(bytes));
  buffer.set_size(bytes);
}

std::int64_t CsvFile::newlines_before(std::int64_t offset) const {
  std::vector<char> piece(1 << 20);
  std::int64_t count = 0;
  for (std::int64_t at = 0; at < offset;) {
    const std::int64_t length =
        std::min<std::int64_t>(static_cast<std::int64_t>(piece.size()), offset - at);
    read_into(piece.data(), at, length);
    count += std::count(piece.begin(), piece.begin() + length, '\n');
    at += length;
  }
  return count;
}

}  // namespace dtask::io
