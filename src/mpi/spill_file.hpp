// SpilledValue: one value in one file (of a SpillDirectory): the parts alone, one after
// another, for values with a raw form (chunks, vectors, Eigen matrices, tables; raw_form.hpp),
// their Boost serialisation for the others. The file goes with the object.
//
//   SpilledValue spilled(value, dir.new_file_path());   // written
//   Value back = spilled.load();                        // the same bits
#pragma once

#include <cstdint>
#include <string>

#include <dtask/core/value.hpp>

namespace dtask::mpi {

class SpilledValue {
 public:
  // Writes value to a new file at path; throws dtask::IoError naming the file.
  SpilledValue(const Value& value, std::string path);
  ~SpilledValue();  // removes the file
  SpilledValue(const SpilledValue&) = delete;
  SpilledValue& operator=(const SpilledValue&) = delete;

  // The value read back; throws dtask::IoError naming the file.
  Value load() const;
  std::uint64_t file_bytes() const noexcept { return file_bytes_; }

 private:
  std::string path_;
  const ValueType* raw_type_ = nullptr;  // set: the file holds the parts of a value so described
  std::string raw_description_;
  std::uint64_t file_bytes_ = 0;
};

}  // namespace dtask::mpi
