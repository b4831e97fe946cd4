#include <dtask/core/dtype.hpp>

#include <algorithm>
#include <string>

namespace dtask {

std::string_view dtype_name(DType dtype) {
  switch (dtype) {
    case DType::bool_: return "bool";
    case DType::int64: return "int64";
    case DType::float32: return "float32";
    case DType::float64: return "float64";
  }
  return "unknown";
}

DType dtype_from_name(std::string_view name) {
  for (DType d : {DType::bool_, DType::int64, DType::float32, DType::float64}) {
    if (dtype_name(d) == name) return d;
  }
  DTASK_THROW(ValueError, "unsupported dtype '" + std::string(name) +
                              "' (dtask has bool, int64, float32 and float64)");
}

std::size_t itemsize(DType dtype) {
  return visit_dtype(dtype, [](auto tag) { return sizeof(typename decltype(tag)::type); });
}

bool is_floating(DType dtype) { return dtype == DType::float32 || dtype == DType::float64; }

DType promote_types(DType a, DType b) {
  const bool mixes_int_and_float32 = (a == DType::int64 && b == DType::float32) ||
                                     (a == DType::float32 && b == DType::int64);
  if (mixes_int_and_float32) return DType::float64;
  return std::max(a, b);
}

}  // namespace dtask
