#include "block_kernels.hpp"

#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>

#include "../array/product_blas.hpp"
#include "blas.hpp"
#include "on_float.hpp"

namespace dtask::linalg::detail {

namespace {

void check_same_dtype(const Chunk& a, const Chunk& b) {
  if (a.dtype() != b.dtype()) {
    DTASK_THROW(TypeError, "blocks of different dtypes: " + std::string(dtype_name(a.dtype())) + " and " + std::string(dtype_name(b.dtype())));
  }
}

Chunk gemm_update(const Chunk& c, const Chunk& a, const Chunk& b, bool transpose_a, bool transpose_b) {
  check_same_dtype(c, a);
  check_same_dtype(c, b);
  return on_float(c.dtype(), [&]<class T>(T) {
    Chunk out = c.copy();
    const array::detail::SingleThreadedBlas single;
    gemm(transpose_a, transpose_b, T(-1), a.matrix<T>(), b.matrix<T>(), T(1), out.matrix<T>());
    return out;
  });
}

Chunk trsm_block(const Chunk& t, const Chunk& b, bool left, bool lower, bool transpose, bool unit) {
  check_same_dtype(t, b);
  return on_float(b.dtype(), [&]<class T>(T) {
    Chunk out = b.copy();
    const array::detail::SingleThreadedBlas single;
    trsm(Triangle{left, lower, transpose, unit}, T(1), t.matrix<T>(), out.matrix<T>());
    return out;
  });
}

Chunk syrk_update(const Chunk& c, const Chunk& a) {
  check_same_dtype(c, a);
  return on_float(c.dtype(), [&]<class T>(T) {
    Chunk out = c.copy();
    const array::detail::SingleThreadedBlas single;
    auto m = out.matrix<T>();
    syrk_lower(T(-1), a.matrix<T>(), T(1), m);
    m.template triangularView<Eigen::StrictlyUpper>() = m.transpose();
    return out;
  });
}

const Function& gemm_update_registered = register_function("linalg.gemm_update", &gemm_update);
const Function& trsm_registered = register_function("linalg.trsm", &trsm_block);
const Function& syrk_update_registered = register_function("linalg.syrk_update", &syrk_update);

}  // namespace

const Function& gemm_update_function() { return gemm_update_registered; }
const Function& trsm_function() { return trsm_registered; }
const Function& syrk_update_function() { return syrk_update_registered; }

}  // namespace dtask::linalg::detail
