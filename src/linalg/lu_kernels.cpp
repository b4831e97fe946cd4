#include "lu_kernels.hpp"

// LAPACK's Fortran routines, which libopenblas exports (LAPACKE is a separate library here).
#include <lapack.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <vector>

#include <dtask/core/chunk.hpp>
#include <dtask/core/error.hpp>

#include "../array/product_blas.hpp"
#include "blas.hpp"
#include "on_float.hpp"

namespace dtask::linalg::detail {

namespace {

using Index = std::int64_t;

Index columns_of(const Chunk& c) { return c.ndim() == 2 ? c.shape()[1] : 1; }

// Chunks stacked top to bottom, as row pointers: the stacked matrix is never copied.
class Stack {
 public:
  explicit Stack(const std::vector<const Chunk*>& pieces) {
    if (pieces.empty()) DTASK_THROW(ValueError, "a stack of no chunks");
    const Chunk& first = *pieces.front();
    dtype_ = first.dtype();
    cols_ = columns_of(first);
    row_bytes_ = static_cast<std::size_t>(cols_) * itemsize(dtype_);
    for (const Chunk* piece : pieces) {
      if (piece->dtype() != dtype_ || columns_of(*piece) != cols_ ||
          piece->ndim() != first.ndim()) {
        DTASK_THROW(ValueError, "stacked chunks differ in dtype or columns");
      }
      const Index rows = piece->shape().empty() ? 1 : piece->shape()[0];
      for (Index r = 0; r < rows; ++r)
        rows_.push_back(piece->bytes() + static_cast<std::size_t>(r) * row_bytes_);
    }
  }

  DType dtype() const { return dtype_; }
  Index rows() const { return static_cast<Index>(rows_.size()); }
  Index cols() const { return cols_; }
  std::size_t row_bytes() const { return row_bytes_; }
  const std::byte* row(Index r) const { return rows_[static_cast<std::size_t>(r)]; }
  template <class T>
  const T* row(Index r) const {
    return reinterpret_cast<const T*>(row(r));
  }

 private:
  std::vector<const std::byte*> rows_;
  DType dtype_ = DType::float64;
  Index cols_ = 0;
  std::size_t row_bytes_ = 0;
};

// The pivot row of a panel: int64 in float64 elements, int32 in float32 ones, bit for bit.
template <class T>
using PivotBits = std::conditional_t<sizeof(T) == 8, std::int64_t, std::int32_t>;

template <class T>
std::vector<Index> read_pivots(const Chunk& panel) {
  const Index m = panel.shape()[0] - 1, c = panel.shape()[1];
  const T* row = panel.data<T>() + m * c;
  std::vector<Index> pivots(static_cast<std::size_t>(c));
  for (Index i = 0; i < c; ++i) {
    PivotBits<T> bits;
    std::memcpy(&bits, row + i, sizeof bits);
    pivots[static_cast<std::size_t>(i)] = bits;
  }
  return pivots;
}

std::vector<Index> pivots_of(const Chunk& panel) {
  if (panel.ndim() != 2 || panel.shape()[0] < panel.shape()[1] + 1)
    DTASK_THROW(ValueError, "not an LU panel: shape " + to_string(panel.shape()));
  if (panel.dtype() == DType::float64) return read_pivots<double>(panel);
  if (panel.dtype() == DType::float32) return read_pivots<float>(panel);
  DTASK_THROW(TypeError, "not an LU panel: dtype " + std::string(dtype_name(panel.dtype())));
}

// Position r of the panel's rows after its swaps holds row source[r] of the rows before.
std::vector<Index> source_rows(const std::vector<Index>& pivots, Index rows) {
  std::vector<Index> source(static_cast<std::size_t>(rows));
  std::iota(source.begin(), source.end(), Index{0});
  for (std::size_t i = 0; i < pivots.size(); ++i)
    std::swap(source[i], source[static_cast<std::size_t>(pivots[i])]);
  return source;
}

// Column-major getrf; returns LAPACK's info.
lapack_int getrf(lapack_int m, lapack_int n, double* a, lapack_int lda, lapack_int* pivots) {
  lapack_int info = 0;
  LAPACK_dgetrf(&m, &n, a, &lda, pivots, &info);
  return info;
}
lapack_int getrf(lapack_int m, lapack_int n, float* a, lapack_int lda, lapack_int* pivots) {
  lapack_int info = 0;
  LAPACK_sgetrf(&m, &n, a, &lda, pivots, &info);
  return info;
}

// Copies a rows x cols matrix given by row pointers into dst, column-major (leading dimension
// rows), in tiles that stay in cache.
template <class T, class Row>
void transpose_into(Index rows, Index cols, Row&& row, T* dst) {
  constexpr Index tile = 32;
  for (Index r0 = 0; r0 < rows; r0 += tile) {
    const Index r1 = std::min(rows, r0 + tile);
    for (Index c0 = 0; c0 < cols; c0 += tile) {
      const Index c1 = std::min(cols, c0 + tile);
      for (Index r = r0; r < r1; ++r) {
        const T* src = row(r);
        for (Index c = c0; c < c1; ++c) dst[c * rows + r] = src[c];
      }
    }
  }
}

template <class T>
Chunk factor_panel(const Stack& stack, Index row0) {
  const Index m = stack.rows(), c = stack.cols();
  if (m < c)
    DTASK_THROW(ValueError, "an LU panel needs at least as many rows as columns, not " +
                                std::to_string(m) + " x " + std::to_string(c));
  // getrf wants column-major: factor a transposed copy (pooled chunk buffer), then copy back.
  Chunk column_major(dtype_of<T>, {c, m});
  T* work = column_major.data<T>();
  transpose_into<T>(
      m, c, [&](Index r) { return stack.row<T>(r); }, work);
  std::vector<lapack_int> pivots(static_cast<std::size_t>(c));
  lapack_int info = 0;
  {
    const array::detail::SingleThreadedBlas single;
    info = getrf(static_cast<lapack_int>(m), static_cast<lapack_int>(c), work,
                 static_cast<lapack_int>(std::max<Index>(m, 1)), pivots.data());
  }
  if (info < 0) DTASK_THROW(ValueError, "getrf rejected argument " + std::to_string(-info));
  if (info > 0) {
    const std::string k = std::to_string(row0 + info - 1);
    DTASK_THROW(LinAlgError, "matrix is singular: U(" + k + ", " + k + ") is zero");
  }
  Chunk out(dtype_of<T>, {m + 1, c});
  T* factors = out.data<T>();
  transpose_into<T>(
      c, m, [&](Index col) { return work + col * m; }, factors);  // back to row-major
  T* pivot_row = factors + m * c;
  for (Index i = 0; i < c; ++i) {
    const PivotBits<T> bits = pivots[static_cast<std::size_t>(i)] - 1;  // LAPACK counts from 1
    std::memcpy(pivot_row + i, &bits, sizeof bits);
  }
  return out;
}

Chunk lu_panel(const std::vector<const Chunk*>& stack, std::int64_t row0) {
  const Stack rows(stack);
  return on_float(rows.dtype(), [&]<class T>(T) { return factor_panel<T>(rows, row0); });
}

// The panel's row swaps applied to a column: row r of the swapped column is stack row source[r].
std::vector<Index> swapped_rows(const Chunk& panel, const Stack& stack) {
  if (panel.dtype() != stack.dtype())
    DTASK_THROW(TypeError, "an LU panel and a column of different dtypes");
  const Index m = stack.rows();
  if (panel.shape()[0] != m + 1) {
    DTASK_THROW(ValueError, "an LU panel of shape " + to_string(panel.shape()) +
                                " for a column of " + std::to_string(m) + " rows");
  }
  return source_rows(pivots_of(panel), m);
}

// Rows [begin, begin + count) of the swapped column, copied into a new chunk.
template <class T>
Chunk gather(const Stack& stack, const std::vector<Index>& source, Index begin, Index count) {
  Chunk out(dtype_of<T>, {count, stack.cols()});
  T* rows = out.data<T>();
  for (Index r = 0; r < count; ++r) {
    std::memcpy(rows + r * stack.cols(), stack.row<T>(source[static_cast<std::size_t>(begin + r)]),
                stack.row_bytes());
  }
  return out;
}

Chunk lu_u_block(const Chunk& panel, const std::vector<const Chunk*>& stack) {
  const Stack column(stack);
  const std::vector<Index> source = swapped_rows(panel, column);
  const Index c = panel.shape()[1];
  return on_float(panel.dtype(), [&]<class T>(T) {
    Chunk u = gather<T>(column, source, 0, c);
    const array::detail::SingleThreadedBlas single;
    trsm(Triangle{.left = true, .lower = true, .transpose = false, .unit = true}, T(1),
         ConstBlock<T>(panel.data<T>(), c, c), u.matrix<T>());
    return u;
  });
}

// The panel's swaps only exchange rows of its first c rows with rows below, so a row below them
// ends either where it was or holding one of the first c: block rows [begin, begin + count) of
// the swapped column come from `block` (those rows before the swaps) and `top` (the first c).
Chunk lu_block_update(const Chunk& panel, const Chunk& u, const Chunk& top, const Chunk& block,
                      std::int64_t begin) {
  const Index m = panel.shape()[0] - 1, c = panel.shape()[1], width = columns_of(u),
              count = block.shape()[0];
  if (u.dtype() != panel.dtype() || top.dtype() != panel.dtype() ||
      block.dtype() != panel.dtype() || u.shape() != Shape{c, width} ||
      top.shape() != Shape{c, width} || block.shape() != Shape{count, width} || begin < c ||
      begin + count > m) {
    DTASK_THROW(ValueError, "an LU block update of rows [" + std::to_string(begin) + ", " +
                                std::to_string(begin + count) + ") with a panel of shape " +
                                to_string(panel.shape()) + " and U of shape " +
                                to_string(u.shape()));
  }
  const std::vector<Index> source = source_rows(pivots_of(panel), m);
  return on_float(panel.dtype(), [&]<class T>(T) {
    Chunk out(dtype_of<T>, {count, width});
    T* rows = out.data<T>();
    for (Index r = 0; r < count; ++r) {
      const Index from = source[static_cast<std::size_t>(begin + r)];
      const T* row =
          from < c ? top.data<T>() + from * width : block.data<T>() + (from - begin) * width;
      if (from >= c && from != begin + r)
        DTASK_THROW(ValueError, "an LU swap between two blocks below the panel's first");
      std::memcpy(rows + r * width, row, static_cast<std::size_t>(width) * sizeof(T));
    }
    const array::detail::SingleThreadedBlas single;
    gemm(false, false, T(-1), ConstBlock<T>(panel.data<T>() + begin * c, count, c), u.matrix<T>(),
         T(1), out.matrix<T>());
    return out;
  });
}

Chunk lu_order(const std::vector<const Chunk*>& previous, std::int64_t skip, const Chunk& panel,
               std::int64_t rows) {
  const Index m = panel.shape()[0] - 1;
  std::vector<Index> before(static_cast<std::size_t>(m));
  if (previous.empty()) {
    std::iota(before.begin(), before.end(), Index{rows - m});
  } else {
    const Chunk& order = *previous.front();
    if (order.size() != skip + m)
      DTASK_THROW(ValueError, "an LU order of " + std::to_string(order.size()) +
                                  " rows for a panel of " + std::to_string(m));
    std::copy_n(order.data<std::int64_t>() + skip, m, before.begin());
  }
  const std::vector<Index> source = source_rows(pivots_of(panel), m);
  Chunk out(DType::int64, {m});
  std::int64_t* after = out.data<std::int64_t>();
  for (Index r = 0; r < m; ++r)
    after[r] = before[static_cast<std::size_t>(source[static_cast<std::size_t>(r)])];
  return out;
}

Chunk lu_rows(const Chunk& chunk, std::int64_t begin, std::int64_t count) {
  Shape shape = chunk.shape();
  if (shape.empty() || begin < 0 || count < 0 || begin + count > shape[0]) {
    DTASK_THROW(ValueError, "rows [" + std::to_string(begin) + ", " +
                                std::to_string(begin + count) + ") of a chunk of shape " +
                                to_string(shape));
  }
  const std::size_t row_bytes =
      shape[0] == 0 ? 0 : chunk.nbytes() / static_cast<std::size_t>(shape[0]);
  shape[0] = count;
  Chunk out(chunk.dtype(), shape);
  std::memcpy(out.bytes(), chunk.bytes() + static_cast<std::size_t>(begin) * row_bytes,
              static_cast<std::size_t>(count) * row_bytes);
  return out;
}

Chunk lu_triangle(const Chunk& panel, bool upper) {
  const Index c = panel.shape()[1];
  return on_float(panel.dtype(), [&]<class T>(T) {
    const ConstBlock<T> top(panel.data<T>(), c, c);
    Chunk out(dtype_of<T>, {c, c});
    auto m = out.matrix<T>();
    if (upper) {
      m = top.template triangularView<Eigen::Upper>();
    } else {
      m = top.template triangularView<Eigen::StrictlyLower>();
      m.diagonal().setOnes();
    }
    return out;
  });
}

Chunk lu_lower_block(const Chunk& panel, const Chunk& order, const Chunk& perm, std::int64_t n) {
  const Index m = panel.shape()[0] - 1, c = panel.shape()[1];
  if (order.size() != m)
    DTASK_THROW(ValueError, "an LU order of " + std::to_string(order.size()) +
                                " rows for a panel of " + std::to_string(m));
  std::vector<Index> position(static_cast<std::size_t>(n), -1);  // input row -> panel row
  const std::int64_t* rows = order.data<std::int64_t>();
  for (Index r = 0; r < m; ++r) position[static_cast<std::size_t>(rows[r])] = r;
  const std::int64_t* wanted = perm.data<std::int64_t>();
  return on_float(panel.dtype(), [&]<class T>(T) {
    Chunk out(dtype_of<T>, {perm.size(), c});
    for (Index r = 0; r < perm.size(); ++r) {
      const Index p = position[static_cast<std::size_t>(wanted[r])];
      if (p < 0)
        DTASK_THROW(ValueError,
                    "row " + std::to_string(wanted[r]) + " is not among the panel's rows");
      std::memcpy(out.data<T>() + r * c, panel.data<T>() + p * c,
                  static_cast<std::size_t>(c) * sizeof(T));
    }
    return out;
  });
}

Chunk lu_permutation_block(const Chunk& perm, std::int64_t row0, std::int64_t rows,
                           std::int64_t dtype) {
  return on_float(static_cast<DType>(dtype), [&]<class T>(T) {
    Chunk out(dtype_of<T>, {rows, perm.size()});
    auto m = out.matrix<T>();
    m.setZero();
    const std::int64_t* p = perm.data<std::int64_t>();
    for (Index c = 0; c < perm.size(); ++c) {
      if (p[c] >= row0 && p[c] < row0 + rows) m(p[c] - row0, c) = T(1);
    }
    return out;
  });
}

Chunk lu_zeros(const Shape& shape, std::int64_t dtype) {
  Chunk out(static_cast<DType>(dtype), shape);
  std::memset(out.bytes(), 0, out.nbytes());
  return out;
}

Chunk gather_rows(const Chunk& perm, const std::vector<const Chunk*>& stack) {
  const Stack rows(stack);
  Shape shape = stack.front()->shape();
  shape[0] = perm.size();
  Chunk out(rows.dtype(), shape);
  const std::int64_t* p = perm.data<std::int64_t>();
  for (Index r = 0; r < perm.size(); ++r) {
    if (p[r] < 0 || p[r] >= rows.rows())
      DTASK_THROW(ValueError, "row " + std::to_string(p[r]) + " of " + std::to_string(rows.rows()));
    std::memcpy(out.bytes() + static_cast<std::size_t>(r) * rows.row_bytes(), rows.row(p[r]),
                rows.row_bytes());
  }
  return out;
}

const Function& panel_registered = register_function("linalg.lu_panel", &lu_panel);
const Function& u_block_registered = register_function("linalg.lu_u_block", &lu_u_block);
const Function& block_update_registered =
    register_function("linalg.lu_block_update", &lu_block_update);
const Function& order_registered = register_function("linalg.lu_order", &lu_order);
const Function& rows_registered = register_function("linalg.lu_rows", &lu_rows);
const Function& triangle_registered = register_function("linalg.lu_triangle", &lu_triangle);
const Function& lower_block_registered =
    register_function("linalg.lu_lower_block", &lu_lower_block);
const Function& permutation_block_registered =
    register_function("linalg.lu_permutation_block", &lu_permutation_block);
const Function& zeros_registered = register_function("linalg.lu_zeros", &lu_zeros);
const Function& gather_rows_registered = register_function("linalg.gather_rows", &gather_rows);

}  // namespace

const Function& lu_panel_function() { return panel_registered; }
const Function& lu_u_block_function() { return u_block_registered; }
const Function& lu_block_update_function() { return block_update_registered; }
const Function& lu_order_function() { return order_registered; }
const Function& lu_rows_function() { return rows_registered; }
const Function& lu_triangle_function() { return triangle_registered; }
const Function& lu_lower_block_function() { return lower_block_registered; }
const Function& lu_permutation_block_function() { return permutation_block_registered; }
const Function& lu_zeros_function() { return zeros_registered; }
const Function& gather_rows_function() { return gather_rows_registered; }

}  // namespace dtask::linalg::detail
