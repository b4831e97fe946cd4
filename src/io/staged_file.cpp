#include <dtask/io/staged_file.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>

#include <dtask/core/error.hpp>

namespace dtask::io {

namespace fs = std::filesystem;

StagedFile::StagedFile(std::string target) : target_(std::move(target)) {
  const fs::path path(target_);
  const fs::path directory = path.has_parent_path() ? path.parent_path() : fs::path(".");
  if (!fs::is_directory(directory))
    DTASK_THROW(IoError, "cannot write " + target_ + ": no directory " + directory.string());
  if (::access(directory.c_str(), W_OK) != 0) {
    DTASK_THROW(IoError, "cannot write " + target_ + ": directory " + directory.string() +
                             " is not writable");
  }
  static std::atomic<int> counter{0};
  temporary_ =
      target_ + ".dtask-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + ".tmp";
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : target_(std::move(other.target_)), temporary_(std::move(other.temporary_)) {
  other.temporary_.clear();
}

StagedFile::~StagedFile() {
  if (temporary_.empty()) return;
  std::error_code ignored;
  fs::remove(temporary_, ignored);
}

void StagedFile::commit() {
  std::error_code error;
  fs::rename(temporary_, target_, error);
  if (error) DTASK_THROW(IoError, "cannot write " + target_ + ": " + error.message());
  temporary_.clear();
}

}  // namespace dtask::io
