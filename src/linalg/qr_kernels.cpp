#include "qr_kernels.hpp"

#include <algorithm>
#include <complex>
#include <cstring>
#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>
#include <string>
#include <vector>

#include "../array/product_blas.hpp"
#include "on_float.hpp"
#include "qr_lapack.hpp"

namespace dtask::linalg::detail {

namespace {

// The extents of a factored block of an m x n matrix (qr_kernels.hpp).
struct Factored {
  std::int64_t m, n, k, nb;
  Factored(std::int64_t rows, std::int64_t cols)
      : m(rows),
        n(cols),
        k(std::min(rows, cols)),
        nb(std::max<std::int64_t>(1, std::min(qr_block_size, k))) {}
  std::int64_t size() const { return m * n + nb * k; }
  void check(const Chunk& f) const {
    if (f.ndim() != 1 || f.size() != size()) {
      DTASK_THROW(ValueError, "a factored block of a " + std::to_string(m) + " x " +
                                  std::to_string(n) + " matrix has " + std::to_string(size()) +
                                  " elements, not shape " + to_string(f.shape()));
    }
  }
};

// Copies the rows x cols row-major block b into column-major a (leading dimension lda), in
// tiles that keep both sides in cache.
template <class T>
void transpose_into(const T* b, std::int64_t rows, std::int64_t cols, T* a, std::int64_t lda) {
  constexpr std::int64_t tile = 16;
  for (std::int64_t i0 = 0; i0 < rows; i0 += tile) {
    const std::int64_t i1 = std::min(rows, i0 + tile);
    for (std::int64_t j0 = 0; j0 < cols; j0 += tile) {
      const std::int64_t j1 = std::min(cols, j0 + tile);
      for (std::int64_t j = j0; j < j1; ++j) {
        for (std::int64_t i = i0; i < i1; ++i) a[i + j * lda] = b[i * cols + j];
      }
    }
  }
}

Chunk qr_factor(const std::vector<const Chunk*>& blocks) {
  if (blocks.empty()) DTASK_THROW(ValueError, "qr_factor needs at least one block");
  const Chunk& first = *blocks.front();
  const std::int64_t n = first.ndim() == 2 ? first.shape()[1] : 1;
  std::int64_t m = 0;
  for (const Chunk* b : blocks) {
    if (b->dtype() != first.dtype() || b->ndim() != 2 || b->shape()[1] != n) {
      DTASK_THROW(ValueError, "qr_factor needs 2-d blocks of one dtype and " + std::to_string(n) +
                                  " columns, not " + std::string(dtype_name(b->dtype())) +
                                  to_string(b->shape()));
    }
    m += b->shape()[0];
  }
  const Factored f(m, n);
  return on_float(first.dtype(), [&]<class T>(T) {
    Chunk out(first.dtype(), Shape{f.size()});
    T* a = out.data<T>();
    std::int64_t row = 0;
    for (const Chunk* b : blocks) {
      transpose_into(b->data<T>(), b->shape()[0], n, a + row, m);
      row += b->shape()[0];
    }
    if (f.k > 0) {
      const array::detail::SingleThreadedBlas single;
      lapack::geqrt(f.m, f.n, f.nb, a, f.m, a + f.m * f.n, f.nb);
    }
    return out;
  });
}

Chunk qr_r(const Chunk& factored, std::int64_t m, std::int64_t n, bool positive) {
  const Factored f(m, n);
  f.check(factored);
  return on_float(factored.dtype(), [&]<class T>(T) {
    const T* a = factored.data<T>();
    Chunk out(factored.dtype(), Shape{f.k, f.n});
    auto r = out.matrix<T>();
    r.setZero();
    for (std::int64_t i = 0; i < f.k; ++i) {
      const T sign = positive && a[i + i * m] < 0 ? T(-1) : T(1);
      for (std::int64_t j = i; j < f.n; ++j) r(i, j) = sign * a[i + j * m];
    }
    return out;
  });
}

Chunk qr_signs(const Chunk& factored, std::int64_t m, std::int64_t n) {
  const Factored f(m, n);
  f.check(factored);
  return on_float(factored.dtype(), [&]<class T>(T) {
    const T* a = factored.data<T>();
    Chunk out(factored.dtype(), Shape{f.k, f.k});
    auto d = out.matrix<T>();
    d.setZero();
    for (std::int64_t i = 0; i < f.k; ++i) d(i, i) = a[i + i * m] < 0 ? T(-1) : T(1);
    return out;
  });
}

// T of Q1 = H_1 ... H_k = I - Y T Y^T from geqrt's diagonal blocks: block column j of T above
// its diagonal block is -T(0:j0, 0:j0) (Y_left^T Y_j) T_jj, with the Gram matrix G = Y^T Y made
// once by a SYRK (the one O(m k^2) step).
Chunk qr_t(const Chunk& factored, std::int64_t m, std::int64_t n) {
  const Factored f(m, n);
  f.check(factored);
  return on_float(factored.dtype(), [&]<class T>(T) {
    const T* a = factored.data<T>();
    const T* blocks = a + f.m * f.n;
    const std::int64_t k = f.k;
    Chunk out(factored.dtype(), Shape{k, k});
    T* t = out.data<T>();  // column-major, leading dimension k
    std::fill(t, t + k * k, T(0));
    const array::detail::SingleThreadedBlas single;
    std::vector<T> g;
    if (f.nb < k) {
      // G = Y1^T Y1 + Y2^T Y2 (upper triangle), Y1 the unit lower k x k top of Y.
      g.assign(static_cast<std::size_t>(k * k), T(0));
      for (std::int64_t j = 0; j < k; ++j) {
        g[j + j * k] = T(1);
        for (std::int64_t i = j + 1; i < k; ++i) g[i + j * k] = a[i + j * m];
      }
      lapack::trmm(CblasLeft, CblasLower, CblasTrans, CblasUnit, k, k, T(1), a, m, g.data(), k);
      if (f.m > k) lapack::syrk_upper_trans(k, f.m - k, T(1), a + k, m, T(1), g.data(), k);
    }
    for (std::int64_t j0 = 0; j0 < k; j0 += f.nb) {
      const std::int64_t ib = std::min(f.nb, k - j0);
      const T* tjj = blocks + j0 * f.nb;  // ib x ib upper triangle, leading dimension nb
      for (std::int64_t c = 0; c < ib; ++c) {
        for (std::int64_t r = 0; r <= c; ++r) t[(j0 + r) + (j0 + c) * k] = tjj[r + c * f.nb];
      }
      if (j0 == 0) continue;
      T* above = t + j0 * k;  // rows 0..j0-1 of block column j
      for (std::int64_t c = 0; c < ib; ++c) {
        for (std::int64_t r = 0; r < j0; ++r) above[r + c * k] = g[r + (j0 + c) * k];
      }
      lapack::trmm(CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, j0, ib, T(-1), t, k, above,
                   k);
      lapack::trmm(CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, j0, ib, T(1),
                   t + j0 + j0 * k, k, above, k);
    }
    return out;
  });
}

Chunk qr_q(const Chunk& factored, std::int64_t m, std::int64_t n, const Chunk& t,
           const Chunk& parent, std::int64_t offset) {
  const Factored f(m, n);
  f.check(factored);
  const std::int64_t k = f.k;
  if (t.dtype() != factored.dtype() || parent.dtype() != factored.dtype() ||
      t.shape() != Shape{k, k} || parent.ndim() != 2 || offset < 0 ||
      parent.shape()[0] < offset + k) {
    DTASK_THROW(ValueError, "qr_q: T " + to_string(t.shape()) + " and rows " +
                                std::to_string(offset) + ".." + std::to_string(offset + k) +
                                " of " + to_string(parent.shape()) + " do not fit a factored " +
                                std::to_string(m) + " x " + std::to_string(n) + " block");
  }
  const std::int64_t p = parent.shape()[1];
  return on_float(factored.dtype(), [&]<class T>(T) {
    const T* a = factored.data<T>();
    // Column-major views of the transposes: X^T is p x k, Q^T is p x m (leading dimension p).
    const T* xt = parent.data<T>() + offset * p;
    Chunk out(factored.dtype(), Shape{m, p});
    T* qt = out.data<T>();
    if (k == 0 || p == 0) {
      std::fill(qt, qt + m * p, T(0));
      return out;
    }
    const array::detail::SingleThreadedBlas single;
    // W^T = X^T Y1 T^T (p x k).
    std::vector<T> wt(xt, xt + k * p);
    lapack::trmm(CblasRight, CblasLower, CblasNoTrans, CblasUnit, p, k, T(1), a, m, wt.data(), p);
    lapack::trmm(CblasRight, CblasUpper, CblasTrans, CblasNonUnit, p, k, T(1), t.data<T>(), k,
                 wt.data(), p);
    // Q^T[:, 0:k] = X^T - W^T Y1^T; Q^T[:, k:m] = -W^T Y2^T.
    std::copy(wt.begin(), wt.end(), qt);
    lapack::trmm(CblasRight, CblasLower, CblasTrans, CblasUnit, p, k, T(1), a, m, qt, p);
    for (std::int64_t i = 0; i < k * p; ++i) qt[i] = xt[i] - qt[i];
    if (m > k)
      lapack::gemm(CblasNoTrans, CblasTrans, p, m - k, k, T(-1), wt.data(), p, a + k, m, T(0),
                   qt + k * p, p);
    return out;
  });
}

Chunk svd_of_small(const Chunk& r) {
  if (r.ndim() != 2 || r.shape()[0] != r.shape()[1]) {
    DTASK_THROW(ValueError,
                "svd_of_small needs a square matrix, not shape " + to_string(r.shape()));
  }
  const std::int64_t n = r.shape()[0];
  return on_float(r.dtype(), [&]<class T>(T) {
    // The row-major r is the column-major r^T = U' S V'^T, so r = V' S U'^T: LAPACK's U' read
    // row-major is V^T of r and its V'^T read row-major is U of r.
    std::vector<T> copy(r.data<T>(), r.data<T>() + n * n);
    Chunk out(r.dtype(), Shape{2 * n + 1, n});
    T* u = out.data<T>();
    T* vt = u + n * n;
    T* s = vt + n * n;
    {
      const array::detail::SingleThreadedBlas single;
      lapack::gesdd(n, n, copy.data(), n, s, vt, n, u, n);
    }
    auto u_of_r = out.matrix<T>().topRows(n);
    for (std::int64_t j = 0; j < n; ++j) {
      auto v_row = out.matrix<T>().row(n + j);
      if (v_row.sum() < 0) {
        v_row = -v_row;
        u_of_r.col(j) = -u_of_r.col(j);
      }
    }
    return out;
  });
}

const Function& qr_factor_registered = register_function("linalg.qr_factor", &qr_factor);
const Function& qr_r_registered = register_function("linalg.qr_r", &qr_r);
const Function& qr_signs_registered = register_function("linalg.qr_signs", &qr_signs);
const Function& qr_t_registered = register_function("linalg.qr_t", &qr_t);
const Function& qr_q_registered = register_function("linalg.qr_q", &qr_q);
const Function& svd_of_small_registered = register_function("linalg.svd_of_small", &svd_of_small);

}  // namespace

const Function& qr_factor_function() { return qr_factor_registered; }
const Function& qr_r_function() { return qr_r_registered; }
const Function& qr_signs_function() { return qr_signs_registered; }
const Function& qr_t_function() { return qr_t_registered; }
const Function& qr_q_function() { return qr_q_registered; }
const Function& svd_of_small_function() { return svd_of_small_registered; }

}  // namespace dtask::linalg::detail
