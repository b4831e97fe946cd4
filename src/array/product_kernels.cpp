#include "product_kernels.hpp"

#include <cblas.h>

#include <Eigen/Core>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "expression.hpp"
#include "product_blas.hpp"
#include "transpose_chunk.hpp"

namespace dtask::array::detail {

namespace {

std::int64_t extent_product(const Shape& shape, std::size_t begin, std::size_t end) {
  std::int64_t n = 1;
  for (std::size_t a = begin; a < end; ++a) n *= shape[a];
  return n;
}

// An operand chunk as a matrix: its buffer read as stored_rows x stored_cols (row-major),
// transposed or not. `chunk` holds the buffer: the input (mapped by the operand's program),
// or a permuted copy when no view of that buffer has the layout's order.
struct MatrixOperand {
  Chunk chunk;
  Eigen::Index stored_rows, stored_cols;
  bool transposed;
};

MatrixOperand as_matrix(const Chunk& input, const Shape& layout, std::int64_t split, const Program& program,
                        DType dtype) {
  Chunk chunk = (program.code.empty() ? input : evaluate(program, input.shape(), {input})).astype(dtype);
  const std::size_t n = layout.size();
  const auto rows_axes = static_cast<std::size_t>(split);
  bool identity = true, rotated = true;  // rotated: the column axes first, then the row axes
  for (std::size_t i = 0; i < n; ++i) {
    identity = identity && layout[i] == static_cast<std::int64_t>(i);
    rotated = rotated && layout[i] == static_cast<std::int64_t>((i + n - rows_axes) % n);
  }
  const Shape& s = chunk.shape();
  if (identity) return {chunk, extent_product(s, 0, rows_axes), extent_product(s, rows_axes, n), false};
  if (rotated) return {chunk, extent_product(s, 0, n - rows_axes), extent_product(s, n - rows_axes, n), true};
  Chunk permuted = permute_chunk(chunk, layout);
  return {permuted, extent_product(permuted.shape(), 0, rows_axes), extent_product(permuted.shape(), rows_axes, n),
          false};
}

// Calls f with the operand's matrix: a map of its buffer or that map's transpose.
template <class W, class F>
void with_matrix(const MatrixOperand& operand, F&& f) {
  const Eigen::Map<const RowMajorMatrix<W>> m(operand.chunk.data<W>(), operand.stored_rows, operand.stored_cols);
  if (operand.transposed) f(m.transpose()); else f(m);
}

// The type products are computed in: bool counts in int64.
template <class T>
using Work = std::conditional_t<std::is_same_v<T, bool>, std::int64_t, T>;

// A new accumulator: the sum of the partial results in order, or zeros.
template <class W>
Chunk sum_of(const std::vector<Chunk>& partials, const Shape& shape) {
  Chunk sum(dtype_of<W>, shape);
  auto flat = sum.flat<W>();
  if (partials.empty()) {
    flat.setZero();
    return sum;
  }
  flat = partials.front().astype(dtype_of<W>).template flat<W>();
  for (std::size_t p = 1; p < partials.size(); ++p) flat += partials[p].astype(dtype_of<W>).template flat<W>();
  return sum;
}

Chunk contract_chunks(const std::vector<Chunk>& partials, const std::vector<Chunk>& lhs,
                      const std::vector<Chunk>& rhs, const Shape& lhs_layout, std::int64_t lhs_split,
                      const Program& lhs_program, const Shape& rhs_layout, std::int64_t rhs_split,
                      const Program& rhs_program, const Shape& out_shape, std::int64_t dtype) {
  const SingleThreadedBlas blas;
  const auto out = static_cast<DType>(dtype);
  return visit_dtype(out, [&](auto tag) {
    using W = Work<typename decltype(tag)::type>;
    Chunk acc = sum_of<W>(partials, out_shape);
    const auto rows_axes = static_cast<std::size_t>(lhs_split);
    Eigen::Map<RowMajorMatrix<W>> c(acc.data<W>(), extent_product(out_shape, 0, rows_axes),
                                    extent_product(out_shape, rows_axes, out_shape.size()));
    for (std::size_t p = 0; p < lhs.size(); ++p) {
      const MatrixOperand a = as_matrix(lhs[p], lhs_layout, lhs_split, lhs_program, dtype_of<W>);
      const MatrixOperand b = as_matrix(rhs[p], rhs_layout, rhs_split, rhs_program, dtype_of<W>);
      with_matrix<W>(a, [&](const auto& am) { with_matrix<W>(b, [&](const auto& bm) { c.noalias() += am * bm; }); });
    }
    return acc.astype(out);
  });
}

// c (upper triangle) += x x^T (rows) or x^T x.
template <class W>
void rank_update(Eigen::Map<RowMajorMatrix<W>>& c, const Eigen::Map<const RowMajorMatrix<W>>& x, bool rows) {
  const auto n = static_cast<int>(c.rows()), k = static_cast<int>(rows ? x.cols() : x.rows());
  const auto ldx = static_cast<int>(x.cols());
  const CBLAS_TRANSPOSE trans = rows ? CblasNoTrans : CblasTrans;
  if (n == 0 || k == 0) return;
  if constexpr (std::is_same_v<W, double>) {
    cblas_dsyrk(CblasRowMajor, CblasUpper, trans, n, k, 1.0, x.data(), ldx, 1.0, c.data(), n);
  } else if constexpr (std::is_same_v<W, float>) {
    cblas_ssyrk(CblasRowMajor, CblasUpper, trans, n, k, 1.0f, x.data(), ldx, 1.0f, c.data(), n);
  } else if (rows) {
    c.template selfadjointView<Eigen::Upper>().rankUpdate(x);
  } else {
    c.template selfadjointView<Eigen::Upper>().rankUpdate(x.transpose());
  }
}

Chunk gram_chunks(const std::vector<Chunk>& partials, const std::vector<Chunk>& blocks, const Shape& out_shape,
                  std::int64_t dtype, bool rows) {
  const SingleThreadedBlas blas;
  const auto out = static_cast<DType>(dtype);
  return visit_dtype(out, [&](auto tag) {
    using W = Work<typename decltype(tag)::type>;
    Chunk acc = sum_of<W>(partials, out_shape);
    Eigen::Map<RowMajorMatrix<W>> c(acc.data<W>(), out_shape[0], out_shape[1]);
    for (const Chunk& block : blocks) {
      const Chunk x = block.astype(dtype_of<W>);
      rank_update<W>(c, Eigen::Map<const RowMajorMatrix<W>>(x.data<W>(), x.shape()[0], x.shape()[1]), rows);
    }
    for (Eigen::Index i = 1; i < c.rows(); ++i) {
      for (Eigen::Index j = 0; j < i; ++j) c(i, j) = c(j, i);
    }
    return acc.astype(out);
  });
}

const Function& contract = register_function("array.contract", &contract_chunks, "dot");
const Function& gram = register_function("array.gram", &gram_chunks, "dot");

}  // namespace

const Function& contract_function() { return contract; }
const Function& gram_function() { return gram; }

}  // namespace dtask::array::detail
