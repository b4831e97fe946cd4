// Triangular solves, as scipy.linalg.solve_triangular and dask.array.linalg.solve_triangular:
// x with op(a) x = b, a triangular, b a vector or a matrix.
//
//   namespace da = dtask::array;
//   namespace la = dtask::linalg;
//   auto x = la::solve_triangular(l, b, /*lower=*/true);                     // l x = b
//   auto y = la::solve_triangular(u, b, false, {.unit_diagonal = false, .trans = true});  // u^T y
//   = b
//
// Only a's triangle named by `lower` is read (the other may hold anything, as in SciPy).
// unit_diagonal: a's diagonal is taken as ones (and not read); trans: solve a^T x = b.
//
// How it runs: blocked substitution. Block row i of x is one TRSM with a's diagonal block on b's
// block i minus the blocks already solved, each subtracted by its own GEMM task in a fixed order
// (the order the solved blocks become ready): the same bits at any number of ranks and threads.
// The diagonal solve of each block outranks the updates that can wait, so the next block's last
// update and solve run first.
//
// a must be square with equal chunks along both axes (a LinAlgError says which rechunk would
// do); b has a's rows, and is rechunked to a's row chunks when they differ (its column chunks
// are kept). The result has b's shape and (row-rechunked) chunks, and the dtype both promote to
// (float32 or float64; integers are solved in float64).
#pragma once

#include <dtask/array/array.hpp>

namespace dtask::linalg {

struct TriangularOptions {
  bool unit_diagonal = false;
  bool trans = false;  // solve a^T x = b
};

array::Array solve_triangular(const array::Array& a, const array::Array& b, bool lower = false,
                              const TriangularOptions& options = {});

}  // namespace dtask::linalg
