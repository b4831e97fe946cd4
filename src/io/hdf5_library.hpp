// The one place dtask calls the HDF5 library from: a process-wide lock (this HDF5 build is
// not thread-safe), checked calls that turn failures into IoError with HDF5's own reason, RAII
// identifiers, and the mapping between dtask dtypes and HDF5 types.
#pragma once

#include <hdf5.h>

#include <mutex>
#include <string>

#include <dtask/core/chunk.hpp>
#include <dtask/core/dtype.hpp>
#include <dtask/core/error.hpp>

namespace dtask::io::detail {

// Hold it around every HDF5 call. Recursive: helpers that lock call each other.
std::unique_lock<std::recursive_mutex> hdf5_lock();

// What failed, with where: "cannot open dataset '/x' in data.h5".
[[noreturn]] void throw_hdf5_error(const std::string& what);

inline hid_t check_id(hid_t id, const std::string& what) {
  if (id < 0) throw_hdf5_error(what);
  return id;
}
inline void check(herr_t status, const std::string& what) {
  if (status < 0) throw_hdf5_error(what);
}

// An HDF5 identifier closed by the matching H5?close on destruction.
class Hid {
 public:
  using Closer = herr_t (*)(hid_t);
  Hid() = default;
  Hid(hid_t id, Closer close) : id_(id), close_(close) {}
  Hid(Hid&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = H5I_INVALID_HID; }
  Hid& operator=(Hid&& other) noexcept {
    std::swap(id_, other.id_);
    std::swap(close_, other.close_);
    return *this;
  }
  Hid(const Hid&) = delete;
  Hid& operator=(const Hid&) = delete;
  ~Hid() {
    if (id_ >= 0 && close_) close_(id_);  // errors on close cannot be reported from here
  }
  hid_t get() const noexcept { return id_; }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

// The HDF5 type dtask writes a dtype as, and reads it into (bool as h5py's enum).
Hid memory_type(DType dtype);
// The dtype a stored type is read as; throws IoError naming the context for other types.
DType dtype_of_stored(hid_t stored_type, const std::string& context);

// The file-side selection of a block of a dataset and the matching memory-side space.
struct BlockSpaces {
  Hid file;
  Hid memory;
};
BlockSpaces select_block(hid_t dataset, const Shape& offset, const Shape& extent, const std::string& context);

// "dataset '/x' in data.h5", for messages.
std::string describe(const std::string& path, const std::string& dataset);

}  // namespace dtask::io::detail
