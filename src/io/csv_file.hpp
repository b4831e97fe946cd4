// CSV files as the parser reads them: large windows with pread into one padded buffer, which
// is reused window after window (it stays in the cache, and its pages are touched once).
//
//   CsvFile file("reviews.csv");                   // IoError naming the path if it cannot open
//   CsvBuffer text;
//   file.read(text, 0, 65536);                     // fewer bytes at the end of the file
//
// A CsvBuffer keeps csv_padding spare bytes after its text for the scanner's sentinels.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "csv_scan.hpp"

namespace dtask::io {

class CsvBuffer {
 public:
  CsvBuffer() = default;
  explicit CsvBuffer(std::size_t capacity)
      : bytes_(new char[capacity + csv_padding]), capacity_(capacity) {}

  char* begin() noexcept { return bytes_.get(); }
  char* end() noexcept { return bytes_.get() + size_; }
  const char* begin() const noexcept { return bytes_.get(); }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return capacity_; }
  void set_size(std::size_t size) noexcept { size_ = size; }

 private:
  std::unique_ptr<char[]> bytes_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
};

class CsvFile {
 public:
  explicit CsvFile(const std::string& path);
  ~CsvFile();
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;

  const std::string& path() const noexcept { return path_; }
  std::int64_t size() const noexcept { return size_; }
  // The bytes [offset, offset + length) clipped to the file, into buffer (grown if needed).
  void read(CsvBuffer& buffer, std::int64_t offset, std::int64_t length) const;
  // The number of '\n' bytes before offset: the line number of an error, minus one.
  std::int64_t newlines_before(std::int64_t offset) const;

 private:
  // Reads exactly length bytes at offset into out (length within the file).
  void read_into(char* out, std::int64_t offset, std::int64_t length) const;

  std::string path_;
  int fd_ = -1;
  std::int64_t size_ = 0;
};

}  // namespace dtask::io
