#include "csv_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

#include <dtask/core/error.hpp>

namespace dtask::io {

namespace {

void append_text(std::string_view s, const CsvWriteFormat& format, std::string& out) {
  const char specials[] = {format.delimiter, format.quote, '\n', '\r'};
  if (s.find_first_of(std::string_view(specials, sizeof specials)) == std::string_view::npos) {
    out.append(s);
    return;
  }
  out.push_back(format.quote);
  for (const char c : s) {
    if (c == format.quote) out.push_back(c);
    out.push_back(c);
  }
  out.push_back(format.quote);
}

// Shortest round-trip digits, with ".0" on whole numbers as Python's repr.
void append_float(double v, std::string& out) {
  if (std::isnan(v)) return;  // pandas writes NaN as a missing value
  if (std::isinf(v)) {
    out.append(v > 0 ? "inf" : "-inf");
    return;
  }
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, v);
  const std::string_view s(text, static_cast<std::size_t>(result.ptr - text));
  out.append(s);
  if (s.find_first_of(".e") == std::string_view::npos) out.append(".0");
}

void append_value(const Column& c, std::size_t row, const CsvWriteFormat& format,
                  std::string& out) {
  if (!c.is_valid(row)) return;
  switch (c.type()) {
    case ColumnType::int64: {
      char text[24];
      const auto result = std::to_chars(text, text + sizeof text, c.int64s()[row]);
      out.append(text, result.ptr);
      break;
    }
    case ColumnType::float64:
      append_float(c.float64s()[row], out);
      break;
    case ColumnType::boolean:
      out.append(c.bools()[row] ? "True" : "False");
      break;
    case ColumnType::string:
      append_text(c.string_at(row), format, out);
      break;
  }
}

class Fd {
 public:
  Fd(const std::string& path, int flags)
      : path_(path), fd_(::open(path.c_str(), flags | O_CLOEXEC, 0644)) {
    if (fd_ < 0) DTASK_THROW(IoError, "cannot open " + path + ": " + std::strerror(errno));
  }
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const noexcept { return fd_; }
  void close() {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
      DTASK_THROW(IoError, "cannot write " + path_ + ": " + std::strerror(errno));
  }

 private:
  std::string path_;
  int fd_;
};

void write_all(const Fd& fd, const char* bytes, std::size_t size, const std::string& path) {
  while (size > 0) {
    const ssize_t n = ::write(fd.get(), bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) DTASK_THROW(IoError, "cannot write " + path + ": " + std::strerror(errno));
    bytes += n;
    size -= static_cast<std::size_t>(n);
  }
}

}  // namespace

void append_csv(const Table& table, const CsvWriteFormat& format, std::string& out) {
  const std::size_t first = format.index ? 0 : table.index_width();
  if (format.header) {
    for (std::size_t j = first; j < table.width(); ++j) {
      if (j > first) out.push_back(format.delimiter);
      append_text(table.names()[j], format, out);
    }
    out.push_back('\n');
  }
  out.reserve(out.size() + table.nbytes() + table.rows() * (table.width() + 1) * 2);
  for (std::size_t r = 0; r < table.rows(); ++r) {
    for (std::size_t j = first; j < table.width(); ++j) {
      if (j > first) out.push_back(format.delimiter);
      append_value(table.column(j), r, format, out);
    }
    out.push_back('\n');
  }
}

void write_file(const std::string& path, const std::string& text) {
  Fd fd(path, O_WRONLY | O_CREAT | O_TRUNC);
  write_all(fd, text.data(), text.size(), path);
  fd.close();
}

void concatenate_files(const std::vector<std::string>& parts, const std::string& path) {
  Fd out(path, O_WRONLY | O_CREAT | O_TRUNC);
  std::string piece;  // for file systems without copy_file_range
  for (const std::string& part : parts) {
    Fd in(part, O_RDONLY);
    for (;;) {
      ssize_t n = ::copy_file_range(in.get(), nullptr, out.get(), nullptr, std::size_t{1} << 30, 0);
      if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
        piece.resize(std::size_t{1} << 20);
        n = ::read(in.get(), piece.data(), piece.size());
        if (n > 0) write_all(out, piece.data(), static_cast<std::size_t>(n), path);
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0)
        DTASK_THROW(IoError, "cannot append " + part + " to " + path + ": " + std::strerror(errno));
      if (n == 0) break;
    }
  }
  out.close();
  for (const std::string& part : parts) ::unlink(part.c_str());
}

}  // namespace dtask::io
