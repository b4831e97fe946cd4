// StagedFile: an output file written under a temporary name beside its target and renamed onto
// the target only by commit(), so that a computation that fails leaves no half-written file
// under the target's name (and removes the temporary).
//
//   dtask::io::StagedFile out("result.h5");   // checks the directory exists and is writable
//   write_everything(out.path());             // the temporary
//   out.commit();                             // result.h5 appears
#pragma once

#include <string>

namespace dtask::io {

class StagedFile {
 public:
  explicit StagedFile(std::string target);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();  // removes the temporary unless committed

  const std::string& path() const noexcept { return temporary_; }
  const std::string& target() const noexcept { return target_; }
  // Renames the temporary onto the target (replacing a file of that name).
  void commit();

 private:
  std::string target_;
  std::string temporary_;  // empty once committed or moved from
};

}  // namespace dtask::io
