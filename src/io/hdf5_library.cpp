#include "hdf5_library.hpp"

#include <vector>

namespace dtask::io::detail {

namespace {

// HDF5 prints its error stack to stderr by default; dtask reports errors itself.
void silence_automatic_printing() {
  static const bool silenced = [] {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    return true;
  }();
  static_cast<void>(silenced);
}

herr_t keep_innermost(unsigned, const H5E_error2_t* error, void* data) {
  auto* reason = static_cast<std::string*>(data);
  if (reason->empty() && error->desc) *reason = error->desc;
  return 0;
}

}  // namespace

std::unique_lock<std::recursive_mutex> hdf5_lock() {
  static std::recursive_mutex mutex;
  std::unique_lock<std::recursive_mutex> lock(mutex);
  silence_automatic_printing();
  return lock;
}

void throw_hdf5_error(const std::string& what) {
  std::string reason;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &reason);
  H5Eclear2(H5E_DEFAULT);
  DTASK_THROW(IoError, what + (reason.empty() ? std::string() : " (" + reason + ")"));
}

Hid memory_type(DType dtype) {
  switch (dtype) {
    case DType::float64: return Hid(H5Tcopy(H5T_NATIVE_DOUBLE), H5Tclose);
    case DType::float32: return Hid(H5Tcopy(H5T_NATIVE_FLOAT), H5Tclose);
    case DType::int64: return Hid(H5Tcopy(H5T_NATIVE_INT64), H5Tclose);
    case DType::bool_: {
      // h5py's bool: an enum over int8 with FALSE = 0 and TRUE = 1.
      Hid type(check_id(H5Tenum_create(H5T_NATIVE_INT8), "cannot make the bool type"), H5Tclose);
      const signed char no = 0, yes = 1;
      check(H5Tenum_insert(type.get(), "FALSE", &no), "cannot make the bool type");
      check(H5Tenum_insert(type.get(), "TRUE", &yes), "cannot make the bool type");
      return type;
    }
  }
  DTASK_THROW(ValueError, "unknown dtype");
}

DType dtype_of_stored(hid_t stored_type, const std::string& context) {
  switch (H5Tget_class(stored_type)) {
    case H5T_FLOAT:
      return H5Tget_size(stored_type) <= 4 ? DType::float32 : DType::float64;
    case H5T_INTEGER:
      if (H5Tget_sign(stored_type) == H5T_SGN_NONE && H5Tget_size(stored_type) >= 8) break;
      return DType::int64;
    case H5T_ENUM: {
      int members = H5Tget_nmembers(stored_type);
      if (members == 2) {
        char* first = H5Tget_member_name(stored_type, 0);
        const bool is_bool = first && std::string(first) == "FALSE";
        H5free_memory(first);
        if (is_bool) return DType::bool_;
      }
      break;
    }
    default:
      break;
  }
  DTASK_THROW(IoError, context + " has a type dtask cannot read (dtask reads floats, integers that fit int64, "
                                 "and h5py's bool)");
}

BlockSpaces select_block(hid_t dataset, const Shape& offset, const Shape& extent, const std::string& context) {
  Hid file_space(check_id(H5Dget_space(dataset), "cannot select in " + context), H5Sclose);
  const std::vector<hsize_t> start(offset.begin(), offset.end()), count(extent.begin(), extent.end());
  if (!start.empty()) {
    check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
          "block at " + to_string(offset) + " of extent " + to_string(extent) + " is outside " + context);
  }
  Hid memory_space(check_id(count.empty() ? H5Screate(H5S_SCALAR)
                                          : H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr),
                            "cannot describe a block of " + context),
                   H5Sclose);
  return {std::move(file_space), std::move(memory_space)};
}

std::string describe(const std::string& path, const std::string& dataset) {
  return "dataset '" + dataset + "' in " + path;
}

}  // namespace dtask::io::detail
