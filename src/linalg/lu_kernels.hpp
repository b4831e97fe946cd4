// Task functions of the blocked LU (lu.cpp) and of the row permutation that solve applies to
// b (solve.cpp), on float32 and float64 blocks; orders of rows are int64 chunks.
//
// A "stack" argument is a list of chunks read as one tall matrix, top to bottom (the blocks of a
// block column).
//
//   lu_panel(stack, row0)         LAPACK's getrf on the tall panel (partial pivoting over all its
//                                 rows). Result: (m + 1) x c: the factors as getrf leaves them
//                                 (L strictly below the diagonal, U on and above), then one row
//                                 of pivots: row i was swapped with row pivot[i] (0-based, in
//                                 order), stored bit for bit as int64 (float64) or int32
//                                 (float32) in the row's elements. row0 is the panel's first row
//                                 in the whole matrix, for the message of a zero pivot.
//   lu_u_block(panel, stack)      a block column to the right of the panel (its blocks from the
//                                 panel's first row down), rows swapped as the panel's: U = L11^-1
//                                 times its top c rows. Result: c x c'.
//   lu_block_update(panel, u, top, block, begin)  one block of the trailing matrix: rows [begin,
//                                 begin + count) of that column swapped, minus the panel's L rows
//                                 there times U. The swaps only exchange the first c rows with rows
//                                 below, so it reads only the column's top block and its own block.
//   lu_order(previous, skip, panel, rows)  which row of the input matrix each position of the
//                                 panel holds after its swaps: previous[skip:] (or 0..rows-1 when
//                                 previous is an empty list) with the panel's swaps applied.
//   lu_rows(chunk, begin, count)  rows [begin, begin + count) of a chunk (any dtype).
//   lu_triangle(panel, upper)     the panel's top c x c: U (upper), or unit lower L.
//   lu_lower_block(panel, order, perm, n)  a block of L below the panel's diagonal block, its rows
//                                 in the final order: row r is the panel's row holding input
//                                 row perm[r] (order: the panel's lu_order; n: the matrix's rows).
//   lu_permutation_block(perm, row0, rows, dtype)  block of P with P[perm[c], c] = 1: rows
//                                 [row0, row0 + rows), one column per entry of perm.
//   lu_zeros(shape, dtype)        a block of zeros.
//   gather_rows(perm, stack)      row r is row perm[r] of the stack (1-d chunks are columns).
//
// Calls run with one BLAS thread per compute thread.
#pragma once

#include <dtask/core/function.hpp>

namespace dtask::linalg::detail {

const Function& lu_panel_function();
const Function& lu_u_block_function();
const Function& lu_block_update_function();
const Function& lu_order_function();
const Function& lu_rows_function();
const Function& lu_triangle_function();
const Function& lu_lower_block_function();
const Function& lu_permutation_block_function();
const Function& lu_zeros_function();
const Function& gather_rows_function();

}  // namespace dtask::linalg::detail
